// The session: the window's current experiment, saved as the user works so that a restart (or a
// crash) can bring it back. Pure logic over an injected store, timer and clock; plus a store over the
// browser's localStorage (also the Electron window's). Format and behaviour: docs/sharing.md.
import * as z from 'zod';
import { MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';

/** The format tag every saved session carries. */
export const SESSION_FORMAT = 'landscape-lab/session@1';

/** The localStorage key the web store uses. */
export const SESSION_KEY = 'landscape-lab.session';

/** Dataset texts kept in a session, in characters over all datasets; the rest are kept by name only. */
export const MAX_SESSION_DATASET_CHARS = 1024 * 1024;

/** Milliseconds the autosaver waits after a change before saving (and so at most one save per this). */
export const AUTOSAVE_DELAY_MS = 2000;

/** Largest session text parsed, in characters: an experiment at its limit, datasets at theirs, and some room. */
const MAX_SESSION_CHARS = MAX_EXPERIMENT_BYTES + MAX_SESSION_DATASET_CHARS + 64 * 1024;

export const SessionSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT),
  /** When it was saved (ISO 8601). */
  savedAt: z.iso.datetime({ offset: true }),
  /** The experiment object as the window held it (not validated: it may be mid-edit). */
  experiment: z.record(z.string(), z.unknown()),
  /** The experiment file's path (a name only on the web), or null for an unsaved experiment. */
  path: z.string().max(4096).nullable(),
  /** CSV texts by path; null for one too large to keep (the user opens it again). */
  datasets: z.record(z.string().min(1).max(4096), z.string().nullable()),
  /** True once the window closed normally after this save; false while it is open (so after a crash). */
  clean: z.boolean(),
});
/** One saved session. */
export type Session = z.infer<typeof SessionSchema>;

/** What the window holds that a session keeps. */
export interface SessionState {
  experiment: Record<string, unknown>;
  path: string | null;
  /** Dataset texts by path, as the window holds them. */
  datasets: Readonly<Record<string, string>>;
}

/** Where sessions are kept. `write` should not throw (the web store reports failures instead). */
export interface SessionStore {
  read(): string | null;
  write(text: string): void;
}

/** A one-shot timer (setTimeout and clearTimeout in the app, a manual one in tests). */
export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** What restoreOffer found: the last session's contents, and whether the app crashed after saving it. */
export interface RestoreOffer {
  experiment: Record<string, unknown>;
  path: string | null;
  /** Dataset texts kept; `missing` names the ones too large to keep. */
  datasets: Record<string, string>;
  missing: string[];
  savedAt: string;
  crashed: boolean;
}

/**
 * The session for `state` saved at `savedAt`: dataset texts kept smallest first while their total is
 * within MAX_SESSION_DATASET_CHARS, the others kept as null (by name only).
 */
export function makeSession(state: SessionState, savedAt: string, clean: boolean): Session {
  const datasets: Record<string, string | null> = {};
  let room = MAX_SESSION_DATASET_CHARS;
  const bySize = Object.entries(state.datasets).sort(([a, x], [b, y]) => x.length - y.length || (a < b ? -1 : a > b ? 1 : 0));
  for (const [path, text] of bySize) {
    const keep = text.length <= room;
    if (keep) room -= text.length;
    datasets[path] = keep ? text : null;
  }
  return { format: SESSION_FORMAT, savedAt, experiment: state.experiment, path: state.path, datasets, clean };
}

/** A session as the text a store keeps (compact JSON). */
export function sessionToText(session: Session): string {
  return JSON.stringify(session);
}

/** Parses a stored session; never throws: the session, or null and the reason it cannot be used. */
export function parseSession(text: string): { session: Session; reason: null } | { session: null; reason: string } {
  if (text.length > MAX_SESSION_CHARS) return { session: null, reason: `the saved session is ${text.length} characters; the limit is ${MAX_SESSION_CHARS}` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { session: null, reason: `the saved session is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const parsed = SessionSchema.safeParse(value);
  if (parsed.success) return { session: parsed.data, reason: null };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  return { session: null, reason: `the saved session is not a ${SESSION_FORMAT}${where}: ${first?.message ?? 'malformed'}` };
}

/**
 * What to offer from a store's text: null when there is none or it cannot be used (`report` is told
 * why), otherwise its contents and `crashed` when the window that saved it never closed normally.
 */
export function restoreOffer(text: string | null, report: (reason: string) => void = () => {}): RestoreOffer | null {
  if (text === null) return null;
  const { session, reason } = parseSession(text);
  if (session === null) {
    report(reason);
    return null;
  }
  const datasets: Record<string, string> = {};
  const missing: string[] = [];
  for (const [path, t] of Object.entries(session.datasets)) {
    if (t === null) missing.push(path);
    else datasets[path] = t;
  }
  return { experiment: session.experiment, path: session.path, datasets, missing, savedAt: session.savedAt, crashed: !session.clean };
}

/** What an Autosaver needs: the store, a timer, a clock (ISO strings), the delay, and where failures go. */
export interface AutosaverOptions {
  store: SessionStore;
  timer: Timer;
  now: () => string;
  delayMs?: number;
  report?: (message: string) => void;
}

/**
 * Saves the session after changes: the first change after a save arms one timer of `delayMs`, later
 * changes only replace what it will save, so there is at most one write per `delayMs` and none is
 * ever more than `delayMs` behind. Saves are marked not clean until markClean().
 */
export class Autosaver {
  readonly #store: SessionStore;
  readonly #timer: Timer;
  readonly #now: () => string;
  readonly #delayMs: number;
  readonly #report: (message: string) => void;
  #pending: SessionState | null = null;
  #last: SessionState | null = null;
  #handle: unknown = null;

  constructor(options: AutosaverOptions) {
    this.#store = options.store;
    this.#timer = options.timer;
    this.#now = options.now;
    this.#delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.#report = options.report ?? (() => {});
  }

  /** Records a change; it is written within the delay (arms the timer if none is armed). */
  change(state: SessionState): void {
    this.#pending = state;
    if (this.#handle === null) this.#handle = this.#timer.set(() => this.#fire(), this.#delayMs);
  }

  /** Writes a pending change now (e.g. when the page is hidden); does nothing without one. */
  flush(): void {
    this.#cancel();
    if (this.#pending !== null) this.#write(this.#pending, false);
  }

  /**
   * On a normal close (beforeunload): writes the latest state marked clean, so the next start does
   * not take it for a crash. Without any change this session, marks the stored session clean.
   */
  markClean(): void {
    this.#cancel();
    const state = this.#pending ?? this.#last;
    if (state !== null) {
      this.#write(state, true);
      return;
    }
    const stored = this.#read();
    if (stored === null) return;
    const { session } = parseSession(stored);
    if (session !== null && !session.clean) this.#put(sessionToText({ ...session, clean: true }));
  }

  /** Stops the timer without writing (the window is going away another way). */
  dispose(): void {
    this.#cancel();
  }

  #fire(): void {
    this.#handle = null;
    if (this.#pending !== null) this.#write(this.#pending, false);
  }

  #cancel(): void {
    if (this.#handle !== null) this.#timer.clear(this.#handle);
    this.#handle = null;
  }

  #write(state: SessionState, clean: boolean): void {
    this.#pending = null;
    this.#last = state;
    let text: string;
    try {
      text = sessionToText(makeSession(state, this.#now(), clean));
    } catch (e) {
      this.#report(`The session could not be saved: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.#put(text);
  }

  // A custom store may throw; its failure is reported, never thrown into the window.
  #put(text: string): void {
    try {
      this.#store.write(text);
    } catch (e) {
      this.#report(`The session could not be saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #read(): string | null {
    try {
      return this.#store.read();
    } catch (e) {
      this.#report(`The saved session could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }
}

/** A storage failure in words: a full quota, storage turned off, or the error's own message. */
function storageFailure(e: unknown): string {
  const name = e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException) ? (e as Error).name : '';
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return "the browser's storage for this site is full";
  if (name === 'SecurityError') return "the browser's storage is turned off for this site";
  return e instanceof Error ? e.message : String(e);
}

/**
 * A session store over localStorage (key SESSION_KEY). Storage errors (quota, storage turned off)
 * are passed to `report` once each until a write succeeds, and never thrown; `storage` is the
 * window's localStorage unless given.
 */
export function webSessionStore(report: (message: string) => void, storage?: () => Storage): SessionStore {
  let reported: string | null = null;
  const tell = (message: string) => {
    if (message !== reported) report(message);
    reported = message;
  };
  // Reading window.localStorage itself throws where storage is turned off.
  const open = storage ?? (() => window.localStorage);
  return {
    read() {
      try {
        return open().getItem(SESSION_KEY);
      } catch (e) {
        tell(`The last session could not be read: ${storageFailure(e)}.`);
        return null;
      }
    },
    write(text) {
      try {
        open().setItem(SESSION_KEY, text);
        reported = null;
      } catch (e) {
        tell(`The session is not being saved: ${storageFailure(e)}.`);
      }
    },
  };
}
