// The lab's one API between the window (renderer) and whatever runs experiments for it: the Electron
// main process over IPC (electron/preload), or Web Workers in the web edition (renderer/engine). Every
// message type is here, with the zod schema its receiving end validates it with.
import * as z from 'zod';
import type { Configuration } from '../export/outputs';
import type { RestartResult } from '../experiment/result';
import type { Problem } from '../experiment/errors';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../experiment/limits';

// ---------------------------------------------------------------------------------------------
// Requests (renderer -> host). Each has a schema; hosts parse every payload before acting on it.

const runId = z.int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const experimentText = z.string().max(MAX_EXPERIMENT_BYTES, `an experiment is at most ${MAX_EXPERIMENT_BYTES} characters`);

/**
 * Dataset texts the renderer already holds, by the path the experiment names them with (files the
 * user picked in the web edition, or a lesson's bundled CSV). At most 16 files.
 */
export const DatasetTexts = z
  .record(z.string().min(1).max(4096), z.string().max(MAX_CSV_BYTES, `a dataset is at most ${MAX_CSV_BYTES} characters`))
  .refine((r) => Object.keys(r).length <= 16, 'at most 16 datasets');

/** What a run or a validation starts from: the experiment's JSON text, where it lives, and datasets given inline. */
export const ExperimentSource = z.strictObject({
  text: experimentText,
  /** The experiment file's path (desktop only; datasets are read relative to it), or null for an unsaved experiment. */
  path: z.string().max(4096).nullable(),
  datasets: DatasetTexts,
});
export type ExperimentSource = z.infer<typeof ExperimentSource>;

/**
 * A run's start: the experiment, and the points the window draws of one configuration's restarts
 * together (null or absent: no such budget, only the per-restart cap). The host thins the events it
 * sends to that (decimate.ts); exports keep every record.
 */
export const StartRequest = ExperimentSource.extend({ drawBudget: z.number().int().min(1).nullable().optional() });
export type StartRequest = z.infer<typeof StartRequest>;

export const RunRequest = z.strictObject({ run: runId });
export type RunRequest = z.infer<typeof RunRequest>;

export const SaveRequest = z.strictObject({
  text: experimentText,
  /** Where it was opened from or last saved (null: never saved). */
  path: z.string().max(4096).nullable(),
  /** Ask for a new path even when `path` is set ("Save as"). */
  saveAs: z.boolean(),
});
export type SaveRequest = z.infer<typeof SaveRequest>;

/** Largest file the window may hand the host to save (a 4K PNG or a long WebM fits). */
export const MAX_SAVED_FILE_BYTES = 512 * 1024 * 1024;

/** A file the window made (an image, a 3-D scene, a video) to save where the user chooses. */
export const SaveFileRequest = z.strictObject({
  /** The suggested file name: a name only, no folders. */
  name: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'a file name without folders or the characters \\ / : * ? " < > |'),
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVED_FILE_BYTES, `a saved file is at most ${MAX_SAVED_FILE_BYTES / 1048576} MiB`),
});
export type SaveFileRequest = z.infer<typeof SaveFileRequest>;

export const Theme = z.enum(['light', 'dark', 'system']);
export type Theme = z.infer<typeof Theme>;

/** The user's settings, persisted by the host (the desktop's user-data folder, the browser's localStorage). */
export const Settings = z.strictObject({
  theme: Theme,
  presentation: z.boolean(),
  /** Worker threads for runs; 0 means the default (cores minus one). */
  workers: z.int().min(0).max(64),
  /** Most recent first; at most 10. */
  recent: z.array(z.string().max(4096)).max(10),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { theme: 'system', presentation: false, workers: 0, recent: [] };

/** A partial update of the settings (the recent list is the host's to keep). */
export const SettingsPatch = Settings.omit({ recent: true }).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const OpenRecentRequest = z.strictObject({ path: z.string().min(1).max(4096) });

// ---------------------------------------------------------------------------------------------
// Replies (host -> renderer).

/** An experiment checked without running: its problems (each naming its field) or a one-line description. */
export type ValidateReply = { ok: true; description: string; restarts: number; variants: number } | { ok: false; problems: Problem[] };

/** A file the user opened: its text and path (a name only in the web edition). */
export interface OpenedFile {
  path: string;
  text: string;
}

/** Where an export went and which files it wrote. */
export interface ExportReply {
  dir: string;
  files: string[];
  /** Run files of an earlier export in `dir` that this one does not write, removed so that the folder holds one run's files (names). */
  removed: string[];
}

// ---------------------------------------------------------------------------------------------
// Run events (host -> renderer), batched: at most 5 batches a second per run, and at once on a state change.

/** Where a run is: training restarts, computing the analyses and landscape, or over. */
export type RunState = 'running' | 'paused' | 'finishing' | 'completed' | 'cancelled' | 'failed';

/** A 2-D (or, for interpolate, 1-D) slice to draw: axes, the loss grid (rows filled as they arrive), paths. */
export interface LandscapeData {
  kind: 'network' | 'function';
  /** The variant drawn (its label; null without variants). */
  variant: string | null;
  /** Plane name: weights, random, pca, endpoints, interpolate, or domain for a function. */
  plane: string;
  /** Column coordinates (length = columns). */
  x: Float64Array;
  /** Row coordinates (length = rows; [0] for a 1-D slice). */
  y: Float64Array;
  /** rows × columns loss values, row-major, row i at y[i]; NaN where not computed yet. */
  grid: Float64Array;
  /** Every drawn restart's path projected on the slice: true loss, and distance from the plane (0 on it). */
  paths: { restart: number; x: Float64Array; y: Float64Array; loss: Float64Array; offPlane: Float64Array }[];
  /** Known global minima of a function (points in x, y); empty for networks. */
  minima: { position: number[]; value: number }[];
  /** PCA: the fraction of variance each direction explains. */
  explained: number[] | null;
  /** Interpolate: the loss barrier between the two end points (set when the grid is complete). */
  barrier: { height: number; at: number; ends: [number, number] } | null;
}

/** What each restart turned out to be, once every restart is in: stalls and basin groups. */
export interface RestartAnalysis {
  variant: number;
  index: number;
  stalledAt: number | null;
  basin: number | null;
}

/** One event of a run; `run` names the run it belongs to. */
export type RunEvent =
  | { type: 'started'; run: number; name: string; restarts: number; tasks: number; configurations: Configuration[] }
  | { type: 'state'; run: number; state: RunState; message: string | null }
  | { type: 'progress'; run: number; done: number; total: number; restartsDone: number }
  | { type: 'restart'; run: number; result: RestartResult }
  | { type: 'landscape'; run: number; landscape: LandscapeData }
  | { type: 'rows'; run: number; rowStart: number; values: Float64Array }
  | { type: 'analysis'; run: number; restarts: RestartAnalysis[]; barrier: LandscapeData['barrier'] };

/** The events a host sends at once. */
export interface RunEventBatch {
  run: number;
  events: RunEvent[];
}

/** Commands the application menu (or a key) sends to the window. */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'save-as',
  'export',
  'presentation',
  'theme',
  'run-start',
  'run-pause',
  'run-resume',
  'run-cancel',
  'run-step',
  'lessons',
  'about',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export const MenuCommandSchema = z.enum(MENU_COMMANDS);

/** The API the renderer sees, the same in the desktop app and the web edition. */
export interface LabApi {
  /** "desktop" or "web": the renderer hides what a host cannot do (e.g. recent files in the web edition). */
  readonly host: 'desktop' | 'web';
  /** Checks an experiment as a run would, without running it. */
  validate(source: ExperimentSource): Promise<ValidateReply>;
  /** Starts a run; its events arrive through onRunEvents. Rejects with the experiment's problems if it cannot run. */
  start(request: StartRequest): Promise<{ run: number }>;
  /** Holds the run: no new restart starts and running ones hold at their next progress report. */
  pause(request: RunRequest): Promise<void>;
  resume(request: RunRequest): Promise<void>;
  /** While paused: completes one more restart, then holds again. */
  step(request: RunRequest): Promise<void>;
  /** Stops the run, keeping every restart already finished. */
  cancel(request: RunRequest): Promise<void>;
  /** Subscribes to run events (in batches); returns the unsubscribe function. */
  onRunEvents(listener: (batch: RunEventBatch) => void): () => void;
  /** Asks the user for an experiment file; null if they cancelled. */
  openExperiment(): Promise<OpenedFile | null>;
  /** Opens a recent file by path (desktop). */
  openRecent(request: { path: string }): Promise<OpenedFile>;
  /** Saves an experiment; returns where, or null if the user cancelled the dialog. */
  saveExperiment(request: SaveRequest): Promise<{ path: string } | null>;
  /** Asks the user for a CSV dataset; null if they cancelled. */
  openDataset(): Promise<OpenedFile | null>;
  /** Saves a file the window made (PNG, .glb, WebM) where the user picks (the web edition downloads it); null if they cancelled. */
  saveFile(request: SaveFileRequest): Promise<{ path: string } | null>;
  /** Writes a run's outputs (the CLI's files) to a folder the user picks; null if they cancelled. */
  exportRun(request: RunRequest): Promise<ExportReply | null>;
  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

/** The request schema of each LabApi method that takes an argument, by method name (the IPC channel is `lab:<name>`). */
export const REQUESTS = {
  validate: ExperimentSource,
  start: StartRequest,
  pause: RunRequest,
  resume: RunRequest,
  step: RunRequest,
  cancel: RunRequest,
  openExperiment: z.undefined(),
  openRecent: OpenRecentRequest,
  saveExperiment: SaveRequest,
  openDataset: z.undefined(),
  exportRun: RunRequest,
  saveFile: SaveFileRequest,
  getSettings: z.undefined(),
  setSettings: SettingsPatch,
} as const;
export type RequestName = keyof typeof REQUESTS;

/** IPC channel names: one per request, plus the two event streams (host -> renderer). */
export const channel = (name: RequestName) => `lab:${name}` as const;
export const RUN_EVENTS_CHANNEL = 'lab:run-events';
export const MENU_CHANNEL = 'lab:menu';

/** An error reply across the boundary: plain data (errors do not survive structured clone intact). */
export interface ErrorReply {
  error: { kind: 'invalid-request' | 'experiment' | 'cancelled' | 'failed'; message: string; problems?: Problem[] };
}

/** Thrown on the renderer's side when the host refused a request; `problems` for an experiment that cannot run. */
export class LabError extends Error {
  constructor(
    readonly kind: ErrorReply['error']['kind'],
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** Describes why a request payload failed its schema, naming the field, for an error reply. */
export function describeInvalid(name: string, error: z.ZodError): string {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.map(String).join('.')}` : '';
  return `invalid ${name} request${where}: ${first?.message ?? 'malformed'}`;
}

/** Validates a request payload for `name`: the parsed value, or an error reply naming what is wrong. */
export function parseRequest<N extends RequestName>(name: N, payload: unknown): { ok: true; value: z.infer<(typeof REQUESTS)[N]> } | { ok: false; reply: ErrorReply } {
  const schema = REQUESTS[name] as z.ZodType;
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data as z.infer<(typeof REQUESTS)[N]> };
  return { ok: false, reply: { error: { kind: 'invalid-request', message: describeInvalid(name, result.error) } } };
}

// ---------------------------------------------------------------------------------------------
// Event validation on the renderer's side: shapes and typed arrays, not every number's meaning
// (the host is the app's own code; this catches a wrong or corrupted message, never trusts it blindly).

/**
 * Any number, NaN and infinities included: divergence travels as data (a diverged search's best value,
 * a signal's spread), and zod's z.number() refuses non-finite values.
 */
const num = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const f64 = z.instanceof(Float64Array);
const f64OrNull = f64.nullable();

const RecordColumnsSchema = z.object({
  count: z.int().nonnegative(),
  step: f64,
  epoch: f64OrNull,
  loss: f64,
  accuracy: f64OrNull,
  gradNorm: f64,
  position: f64OrNull,
});

const RestartResultSchema = z.object({
  variant: z.int().nonnegative(),
  index: z.int().nonnegative(),
  seed: num,
  status: z.enum(['ok', 'diverged', 'failed']),
  reason: z.string().nullable(),
  records: RecordColumnsSchema,
  params: z.object({ initial: f64, final: f64, history: f64OrNull, population: f64OrNull.optional() }).nullable(),
  search: z
    .object({
      best: z.object({ step: num, value: num, position: f64 }),
      success: z.boolean().nullable(),
      nearest: z.object({ index: z.int(), distance: num }).nullable(),
    })
    .nullable(),
  symmetry: f64OrNull.optional(),
  signal: z
    .object({
      activation: z.array(z.object({ mean: num, std: num })),
      gradient: z.array(z.object({ mean: num, std: num })),
    })
    .nullable()
    .optional(),
  stalledAt: num.nullable().optional(),
  basin: z.int().nullable().optional(),
});

const LandscapeSchema = z.object({
  kind: z.enum(['network', 'function']),
  variant: z.string().nullable(),
  plane: z.string(),
  x: f64,
  y: f64,
  grid: f64,
  paths: z.array(z.object({ restart: z.int(), x: f64, y: f64, loss: f64, offPlane: f64 })),
  minima: z.array(z.object({ position: z.array(num), value: num })),
  explained: z.array(num).nullable(),
  barrier: z.object({ height: num, at: num, ends: z.tuple([num, num]) }).nullable(),
});

const Barrier = LandscapeSchema.shape.barrier;

export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), run: runId, name: z.string(), restarts: z.int(), tasks: z.int(), configurations: z.array(z.any()) }),
  z.object({ type: z.literal('state'), run: runId, state: z.enum(['running', 'paused', 'finishing', 'completed', 'cancelled', 'failed']), message: z.string().nullable() }),
  z.object({ type: z.literal('progress'), run: runId, done: num, total: num, restartsDone: z.int() }),
  z.object({ type: z.literal('restart'), run: runId, result: RestartResultSchema }),
  z.object({ type: z.literal('landscape'), run: runId, landscape: LandscapeSchema }),
  z.object({ type: z.literal('rows'), run: runId, rowStart: z.int().nonnegative(), values: f64 }),
  z.object({
    type: z.literal('analysis'),
    run: runId,
    restarts: z.array(z.object({ variant: z.int(), index: z.int(), stalledAt: num.nullable(), basin: z.int().nullable() })),
    barrier: Barrier,
  }),
]);

export const RunEventBatchSchema = z.object({ run: runId, events: z.array(RunEventSchema) });

/** Validates an event batch from the host; throws a LabError naming the first bad field. */
export function parseRunEventBatch(payload: unknown): RunEventBatch {
  const result = RunEventBatchSchema.safeParse(payload);
  if (!result.success) throw new LabError('invalid-request', describeInvalid('run-events', result.error));
  return result.data as RunEventBatch;
}
