// Validation as typed: the panel runs the real resolver on the edited object, so every message it shows
// is the one `landscape-lab validate` would print for the same file.
import { ExperimentError, type Problem } from '../../core/experiment/errors';
import { parseJson, resolveExperiment, type RunPlan } from '../../core/experiment/resolve';
import { getAt, type Obj, setAt } from './edit';
import { valueKey } from './field-text';

/** What the resolver made of an experiment: its problems (empty when it can run) and its plan when it can. */
export interface Checked {
  problems: Problem[];
  plan: RunPlan | null;
  /** CSV paths the experiment names whose text this window does not hold (the host reads them at the start of a run). */
  unread: string[];
}

/**
 * Resolves `experiment` exactly as a run would, reading CSV datasets from `datasets` (path → text).
 * A CSV the window has not loaded is not a problem here: on the desktop the host reads it beside the
 * experiment file when the run starts (and refuses the run then if it cannot), so its path is listed
 * in `unread` instead.
 */
export function validateExperiment(experiment: unknown, datasets: Readonly<Record<string, string>>): Checked {
  const unread: string[] = [];
  const readText = (path: string): string => {
    const text = datasets[path];
    if (text === undefined) {
      unread.push(path);
      throw new Error('not loaded in this window');
    }
    return text;
  };
  try {
    const plan = resolveExperiment(parseJson(JSON.stringify(experiment)), readText);
    return { problems: [], plan, unread };
  } catch (e) {
    if (!(e instanceof ExperimentError)) return { problems: [{ path: '', message: e instanceof Error ? e.message : String(e) }], plan: null, unread };
    const notRead = (p: Problem) => /(^|\.)dataset\.path$/.test(p.path) && unread.some((u) => p.message.startsWith(`cannot read ${JSON.stringify(u)}:`));
    return { problems: e.problems.filter((p) => !notRead(p)), plan: null, unread };
  }
}

/** Text typed into a field, with the stored value it was typed against (to notice when the value changes elsewhere). */
export interface Draft {
  text: string;
  /** valueKey of the stored value when the text was typed. */
  basis: string;
  /** For text that does not parse: what the resolver is shown in the value's place (the raw text). */
  overlay?: unknown;
}

/** The drafts still current: on a shown field, and typed against the value the experiment now holds. */
export function liveDrafts(experiment: Obj, drafts: Readonly<Record<string, Draft>>, shown: ReadonlySet<string>): Record<string, Draft> {
  const live: Record<string, Draft> = {};
  for (const [path, d] of Object.entries(drafts)) {
    if (shown.has(path) && valueKey(getAt(experiment, path)) === d.basis) live[path] = d;
  }
  return live;
}

/** The experiment with each unparsable draft's raw text in its field's place: what validation checks. */
export function withOverlays(experiment: Obj, drafts: Readonly<Record<string, Draft>>): Obj {
  let out = experiment;
  for (const [path, d] of Object.entries(drafts)) if ('overlay' in d) out = setAt(out, path, d.overlay);
  return out;
}
