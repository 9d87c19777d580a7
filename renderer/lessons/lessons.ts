// Lessons: guided sequences of scenes, each an ordinary experiment with a few sentences on screen and
// what to look at. The file format (`landscape-lab/lesson@1`) is documented in docs/lessons.md.
import * as z from 'zod';
import { describeValue } from '../../core/experiment/describe';
import { ExperimentError, formatProblem, type Problem, problemsFromZod } from '../../core/experiment/errors';
import { parseJson, resolveExperiment } from '../../core/experiment/resolve';
import { obj } from '../../core/experiment/schema';
import { MAX_CSV_BYTES } from '../../core/experiment/limits';
import lesson1 from '../../lessons/01-deterministic-vs-stochastic.lesson.json';
import lesson2 from '../../lessons/02-local-optima-and-restarts.lesson.json';
import lesson3 from '../../lessons/03-premature-convergence.lesson.json';
import lesson4 from '../../lessons/04-why-not-zeros.lesson.json';
import lesson5 from '../../lessons/05-same-seed-same-network.lesson.json';
import lesson6 from '../../lessons/06-initializers-compared.lesson.json';

/** The format tag every lesson file carries. */
export const LESSON_FORMAT = 'landscape-lab/lesson@1';

/** One step of a lesson: what to read, what to look at, and the experiment the lab loads and runs for it. */
export interface Scene {
  title: string;
  text: string;
  look: string;
  /** The experiment exactly as the file gives it (an experiment file's object; checked by the resolver). */
  experiment: Record<string, unknown>;
}

/** A checked lesson: its title, its scenes in order, and the CSV datasets its experiments name, by path. */
export interface Lesson {
  format: typeof LESSON_FORMAT;
  title: string;
  scenes: Scene[];
  datasets: Record<string, string>;
}

/** Thrown when a lesson file cannot be used; `problems` lists every reason, each naming its field. */
export class LessonError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LessonError';
    this.problems = problems;
  }
}


const text = (max: number) => z.string().trim().min(1).max(max);

const SceneSchema = obj({
  title: text(120),
  text: text(2000),
  look: text(1000),
  // Any object here; the experiment resolver checks it after the lesson's own fields.
  experiment: z.looseObject({}),
});

/** The lesson file's schema; scene experiments are checked afterwards by the experiment resolver. */
export const LessonSchema = obj({
  format: z.literal(LESSON_FORMAT),
  title: text(200),
  scenes: z.array(SceneSchema).min(1).max(50),
  datasets: z
    .record(z.string().min(1).max(4096), z.string().max(MAX_CSV_BYTES), {
      error: (issue) => (issue.code === 'invalid_type' ? `expected an object of CSV texts by path, found ${describeValue(issue.input)}` : undefined),
    })
    .refine((r) => Object.keys(r).length <= 16, 'expected at most 16 datasets')
    .optional(),
});

/**
 * The problem with an object's format tag, or null when it is a lesson's: checked before anything
 * else, because the other fields of a file in another format are not worth listing.
 */
function tagProblem(value: object): Problem | null {
  const format = (value as { format?: unknown }).format;
  if (format === LESSON_FORMAT) return null;
  let hint = '';
  if (format === 'landscape-lab/experiment@1') hint = ' (this is an experiment file: open it as an experiment, or put it in a scene\'s "experiment")';
  else if (typeof format === 'string' && format.startsWith('landscape-lab/lesson@')) hint = ' (a newer lesson format than this version of the lab reads)';
  return { path: 'format', message: `expected "${LESSON_FORMAT}", ${format === undefined ? 'missing' : `found ${describeValue(format)}`}${hint}` };
}

/** Whether a parsed JSON value claims to be a lesson (its `format` tag), so that an opened file can be routed. */
export function isLessonValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === LESSON_FORMAT;
}

/**
 * Checks a parsed lesson: the lesson's own fields (strict: unknown keys are errors), then every scene's
 * experiment by the experiment resolver, whose problems are reported under `scenes[i].experiment.`.
 * CSV datasets come from the lesson's `datasets` only. Throws LessonError listing every problem.
 */
export function lessonFromValue(value: unknown): Lesson {
  const tag = typeof value === 'object' && value !== null && !Array.isArray(value) ? tagProblem(value) : null;
  if (tag !== null) throw new LessonError([tag]);
  const parsed = LessonSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new LessonError(problemsFromZod(parsed.error));
  const lesson = parsed.data;
  const datasets = lesson.datasets ?? {};
  const readText = (path: string): string => {
    const found = datasets[path];
    if (found === undefined) throw new Error(`a lesson's CSV datasets must be given in its "datasets" (found none named ${JSON.stringify(path)})`);
    return found;
  };
  const problems: Problem[] = [];
  lesson.scenes.forEach((scene, i) => {
    const where = `scenes[${i}].experiment`;
    try {
      resolveExperiment(scene.experiment, readText);
    } catch (e) {
      if (!(e instanceof ExperimentError)) throw e;
      problems.push(...e.problems.map((p) => ({ path: p.path === '' ? where : `${where}.${p.path}`, message: p.message })));
    }
  });
  if (problems.length > 0) throw new LessonError(problems);
  return { format: LESSON_FORMAT, title: lesson.title, scenes: lesson.scenes, datasets };
}

/** Parses a lesson file's text: JSON syntax (with line and column), the format tag, the fields, every scene's experiment. */
export function parseLesson(text: string): Lesson {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (e) {
    if (e instanceof ExperimentError) throw new LessonError(e.problems);
    throw e;
  }
  return lessonFromValue(value);
}

/** The lessons that ship with the lab, in order (files in lessons/, bundled at build time). */
const BUILTIN_FILES: readonly unknown[] = [lesson1, lesson2, lesson3, lesson4, lesson5, lesson6];

let builtins: Lesson[] | null = null;

/** The built-in lessons, checked on first use (a broken built-in is a bug: the error names the lesson). */
export function builtinLessons(): Lesson[] {
  if (builtins === null) {
    builtins = BUILTIN_FILES.map((file, i) => {
      try {
        return lessonFromValue(file);
      } catch (e) {
        if (e instanceof LessonError) throw new LessonError(e.problems.map((p) => ({ path: p.path, message: `built-in lesson ${i + 1}: ${p.message}` })));
        throw e;
      }
    });
  }
  return builtins;
}

/** A fresh copy of a scene's experiment, for the app to load (and edit) without touching the lesson. */
export function sceneExperiment(scene: Scene): Record<string, unknown> {
  return structuredClone(scene.experiment);
}
