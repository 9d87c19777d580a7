// Property tests of the main process's IPC handlers: whatever a renderer sends on lab:<name>, the
// handler answers (never throws or rejects), refuses what fails the request's schema before calling
// anything, and refuses every sender but our window's main frame.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import { channel, DEFAULT_SETTINGS, MAX_SAVED_FILE_BYTES, REQUESTS, type RequestName, Settings, type SettingsPatch } from '../../core/protocol/lab-api';
import { createFileService } from '../../electron/main/files';
import { setupIpc } from '../../electron/main/ipc';
import type { SettingsStore } from '../../electron/main/settings';
import { eventFrom, FakeBrowserWindow, FakeDialog, FakeFrame, FakeIpcMain, type FakeInvokeEvent } from '../electron/fake-electron';
import { FakeRunHost } from '../electron/main/fake-run-host';

const NAMES = Object.keys(REQUESTS) as RequestName[];
const NO_ARGUMENT: RequestName[] = ['openExperiment', 'openDataset', 'getSettings'];

/** Settings in memory (no fsync per case), recording every call so a test can tell nothing was touched. */
class SpySettings implements SettingsStore {
  readonly file = '/nonexistent/settings.json';
  readonly calls: string[] = [];
  private current: Settings = { ...DEFAULT_SETTINGS, recent: [] };

  get(): Settings {
    this.calls.push('get');
    return { ...this.current, recent: [...this.current.recent] };
  }
  update(patch: SettingsPatch): Settings {
    this.calls.push('update');
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.current = { ...this.current, ...defined, recent: this.current.recent };
    return { ...this.current, recent: [...this.current.recent] };
  }
  addRecent(): void {
    this.calls.push('addRecent');
  }
  removeRecent(): void {
    this.calls.push('removeRecent');
  }
  clearRecent(): void {
    this.calls.push('clearRecent');
  }
  onChange(): () => void {
    this.calls.push('onChange');
    return () => {};
  }
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const host = new FakeRunHost();
  host.runs.add(0).add(1); // so that some run requests succeed and others fail with "no run N"
  const dialog = new FakeDialog(); // no queued answers: every dialog is cancelled
  const settings = new SpySettings();
  const win = new FakeBrowserWindow({});
  const other = new FakeBrowserWindow({});
  let current: FakeBrowserWindow | null = win;
  const files = createFileService({ dialog, window: () => current, settings, host });
  const logged: string[] = [];
  setupIpc({ ipcMain, host, files, settings, window: () => current, log: (m) => logged.push(m) });
  const calls = () => [...host.calls.map((c) => `host.${c.method}`), ...dialog.calls.map((c) => `dialog.${c.kind}`), ...settings.calls.map((c) => `settings.${c}`)];
  const reset = () => {
    host.calls.splice(0);
    dialog.calls.splice(0);
    settings.calls.splice(0);
  };
  const invoke = (name: RequestName, payload: unknown, event: FakeInvokeEvent = eventFrom(win)) => ipcMain.invoke(channel(name), payload, event);
  return { win, other, host, logged, calls, reset, invoke, setWindow: (w: FakeBrowserWindow | null) => (current = w) };
}

// ---------------------------------------------------------------------------------------------
// What a handler may answer.

const ErrorReplySchema = z.strictObject({
  error: z.strictObject({
    kind: z.enum(['invalid-request', 'experiment', 'cancelled', 'failed']),
    message: z.string().min(1),
    problems: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** The successful answers with the fakes above (dialogs cancelled, no recent files). */
const RESULTS: Record<RequestName, z.ZodType> = {
  validate: z.strictObject({ ok: z.literal(true), description: z.string(), restarts: z.int(), variants: z.int() }),
  start: z.strictObject({ run: z.int().nonnegative() }),
  pause: z.undefined(),
  resume: z.undefined(),
  step: z.undefined(),
  cancel: z.undefined(),
  openExperiment: z.null(),
  openRecent: z.strictObject({ path: z.string(), text: z.string() }),
  saveExperiment: z.null(),
  openDataset: z.null(),
  exportRun: z.null(),
  saveFile: z.null(),
  getSettings: Settings,
  setSettings: Settings,
};

// ---------------------------------------------------------------------------------------------
// Valid payloads, by construction (not by the schema under test).

const runId = fc.oneof(fc.constantFrom(0, 1, 2, -0, Number.MAX_SAFE_INTEGER), fc.maxSafeNat());
const text = fc.string({ unit: 'binary', maxLength: 200 });
const path = fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('/etc/passwd', '../../x.landscape', 'C:\\a\\b.landscape', '\u0000', 'p'.repeat(4096)));
const datasetName = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '../d.csv', 'k'.repeat(4096)));
const source = fc.record({
  text,
  path: fc.option(path, { nil: null }),
  datasets: fc.dictionary(datasetName, fc.string({ maxLength: 60 }), { maxKeys: 16 }),
});
const FORBIDDEN_IN_NAMES = /[\\/:*?"<>|\u0000-\u001f]/;
const fileName = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => s.length <= 255 && !FORBIDDEN_IN_NAMES.test(s));

const VALID: Record<RequestName, fc.Arbitrary<unknown>> = {
  validate: source,
  start: fc.record(
    { text, path: fc.option(path, { nil: null }), datasets: fc.dictionary(datasetName, fc.string({ maxLength: 60 }), { maxKeys: 16 }), drawBudget: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }) },
    { requiredKeys: ['text', 'path', 'datasets'] },
  ),
  pause: fc.record({ run: runId }),
  resume: fc.record({ run: runId }),
  step: fc.record({ run: runId }),
  cancel: fc.record({ run: runId }),
  openExperiment: fc.constant(undefined),
  openRecent: fc.record({ path: path.filter((p) => p.length >= 1) }),
  saveExperiment: fc.record({ text, path: fc.option(path, { nil: null }), saveAs: fc.boolean() }),
  openDataset: fc.constant(undefined),
  exportRun: fc.record({ run: runId }),
  saveFile: fc.record({ name: fileName, bytes: fc.uint8Array({ maxLength: 64 }) }),
  getSettings: fc.constant(undefined),
  setSettings: fc.record(
    { theme: fc.constantFrom('light', 'dark', 'system'), presentation: fc.boolean(), workers: fc.integer({ min: 0, max: 64 }) },
    { requiredKeys: [] },
  ),
};

// ---------------------------------------------------------------------------------------------
// Invalid values per field: each is refused wherever it is put in that field.

const HUGE_EXPERIMENT = 'x'.repeat(MAX_EXPERIMENT_BYTES + 1);
const HUGE_CSV = 'x'.repeat(MAX_CSV_BYTES + 1);
/** Passes `instanceof Uint8Array` yet claims more bytes than a saved file may have (no 512 MiB allocation). */
const hugeBytes = () => Object.create(Uint8Array.prototype, { byteLength: { get: () => MAX_SAVED_FILE_BYTES + 1 } }) as Uint8Array;

/** Values that are the wrong type for every field of every request. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.bigInt(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.constantFrom(new Map([['run', 1]]), new Set([1]), new Date(0), Symbol('x'), () => 1),
);
const badRun = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -1, -0.5, 0.5, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, '1', null, undefined, true),
  fc.integer({ max: -1 }),
  fc.double().filter((x) => !(Number.isSafeInteger(x) && x >= 0)),
);
const badNullablePath = fc.constantFrom('p'.repeat(4097), undefined, 1, false);
const badDatasets = fc.oneof(
  fc.constantFrom(null, undefined, 'x.csv', { a: 1 }, { '': 'x' }, { ['k'.repeat(4097)]: 'x' }, { a: HUGE_CSV }, { a: null }),
  fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 17, maxLength: 24 }).map((keys) => Object.fromEntries(keys.map((k) => [k, '']))),
);
const badFileName = fc.oneof(
  fc.constantFrom('', 'n'.repeat(256), '../../etc/passwd', 'a/b.png', 'C:x.png', 'a\u0000.png', null),
  fc.tuple(fc.string({ maxLength: 5 }), fc.constantFrom(...'\\/:*?"<>|\u0000\u0001\n\r\t\u001f'), fc.string({ maxLength: 5 })).map((p) => p.join('')),
);

/** Each object request's fields: required or not, and values refused in it. */
const FIELDS: Partial<Record<RequestName, Record<string, { required: boolean; bad: fc.Arbitrary<unknown> }>>> = {
  validate: {
    text: { required: true, bad: fc.constantFrom(HUGE_EXPERIMENT, null, undefined, 1) },
    path: { required: true, bad: badNullablePath },
    datasets: { required: true, bad: badDatasets },
  },
  pause: { run: { required: true, bad: badRun } },
  openRecent: { path: { required: true, bad: fc.constantFrom('', 'p'.repeat(4097), null, undefined, 1) } },
  saveExperiment: {
    text: { required: true, bad: fc.constantFrom(HUGE_EXPERIMENT, null, undefined, 1) },
    path: { required: true, bad: badNullablePath },
    saveAs: { required: true, bad: fc.constantFrom('true', 1, 0, null, undefined) },
  },
  saveFile: {
    name: { required: true, bad: badFileName },
    bytes: { required: true, bad: fc.constantFrom([1, 2], new Uint16Array(2), new ArrayBuffer(2), new DataView(new ArrayBuffer(2)), 'AAEC', null, undefined) },
  },
  setSettings: {
    theme: { required: false, bad: fc.constantFrom('blue', '', 'DARK', null, 1) },
    presentation: { required: false, bad: fc.constantFrom('yes', 0, 1, null) },
    workers: { required: false, bad: fc.oneof(fc.constantFrom(-1, 65, 1.5, NaN, Infinity, '4', null), fc.integer({ min: 65 }), fc.integer({ max: -1 })) },
  },
};
FIELDS.start = {
  ...FIELDS.validate,
  drawBudget: { required: false, bad: fc.oneof(fc.constantFrom(0, -1, 1.5, NaN, Infinity, '12000', false), fc.integer({ max: 0 })) },
};
FIELDS.resume = FIELDS.step = FIELDS.cancel = FIELDS.exportRun = FIELDS.pause;
// saveFile's size limit, without allocating: a separate case since it is not an arbitrary.
const hugeBytesCase = (valid: Record<string, unknown>) => ({ ...valid, bytes: hugeBytes() });

/** Keys no request has, including the prototype-polluting ones (as own keys, as JSON.parse makes them). */
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'recent', 'isAdmin', 'then'), fc.string({ maxLength: 10 }));

/** A payload, whether it must be refused (null: the schema decides), and the field a refusal must name. */
interface Case {
  how: string;
  payload: unknown;
  mustFail: boolean | null;
  /** The field a refusal names (`at <field>`). */
  field?: string;
  /** The unknown key a refusal names. */
  extra?: string;
}

function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function without(base: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = { ...base };
  delete out[key];
  return out;
}

const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true });

/** Valid payloads of `name`, then each mutated: keys dropped, added, given a wrong type or an out-of-range value; or anything at all. */
function cases(name: RequestName): fc.Arbitrary<Case> {
  if (NO_ARGUMENT.includes(name)) {
    return fc.oneof(
      fc.constant<Case>({ how: 'nothing', payload: undefined, mustFail: false }),
      anything.filter((v) => v !== undefined).map((payload): Case => ({ how: 'anything', payload, mustFail: true })),
      fc.constantFrom<Case>({ how: 'a path', payload: { path: '/etc/passwd' }, mustFail: true }, { how: 'null', payload: null, mustFail: true }),
    );
  }
  const fields = FIELDS[name]!;
  const keys = Object.keys(fields);
  const valid = VALID[name] as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof(
    valid.map((payload): Case => ({ how: 'valid', payload, mustFail: false })),
    valid.chain((v) => fc.constantFrom(...keys).map((k): Case => ({ how: `drop ${k}`, payload: without(v, k), mustFail: fields[k]!.required, field: k }))),
    valid.chain((v) =>
      fc
        .tuple(extraKey.filter((k) => !keys.includes(k)), anything)
        .map(([k, value]): Case => ({ how: `extra ${JSON.stringify(k)}`, payload: withKey(v, k, value), mustFail: true, extra: k })),
    ),
    valid.chain((v) =>
      fc.constantFrom(...keys).chain((k) => fc.oneof(wrongType, fields[k]!.bad).map((value): Case => ({ how: `bad ${k}`, payload: withKey(v, k, value), mustFail: true, field: k }))),
    ),
    fc.oneof(wrongType, fc.constantFrom(null, undefined, 0, '', true, [])).map(
      // zod takes any non-array object for an object (a Map or Date has no own keys), so for setSettings,
      // whose keys are all optional, such a value passes as an empty patch: the schema decides.
      (payload): Case => ({ how: 'not a plain object', payload, mustFail: name === 'setSettings' && typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? null : true }),
    ),
    anything.map((payload): Case => ({ how: 'anything', payload, mustFail: null })),
    ...(name === 'saveFile' ? [valid.map((v): Case => ({ how: 'bytes over the limit', payload: hugeBytesCase(v), mustFail: true, field: 'bytes' }))] : []),
  );
}

/** Our window's main frame is the one trusted sender; these are the others (and the closed window). */
type Sender = { how: string; event: (s: ReturnType<typeof setup>) => FakeInvokeEvent; closed?: boolean };
const ours = (s: ReturnType<typeof setup>) => s.win.webContents.mainFrame;
const foreignUrl = fc.oneof(
  fc.webUrl(),
  fc.constantFrom('app://lab.evil/index.html', 'app://evil/', 'app://user@lab/', 'app://lab:80/', 'app://LAB/', 'file:///index.html', 'about:blank', 'app:lab', '', 'javascript:alert(1)'),
  fc.string().filter((u) => !u.startsWith('app:')),
);
const untrusted: fc.Arbitrary<Sender> = fc.oneof(
  fc.constantFrom<Sender>(
    { how: 'a subframe', event: (s) => eventFrom(s.win, new FakeFrame('app://lab/index.html', ours(s), ours(s).processId, ours(s).routingId)) },
    { how: 'another window', event: (s) => eventFrom(s.other) },
    { how: 'a forged sender id', event: (s) => ({ sender: { id: s.win.webContents.id }, senderFrame: s.other.webContents.mainFrame }) },
    { how: 'our contents, another frame', event: (s) => ({ sender: s.win.webContents, senderFrame: s.other.webContents.mainFrame }) },
    { how: 'our frame, another contents', event: (s) => ({ sender: s.other.webContents, senderFrame: ours(s) }) },
    { how: 'no frame', event: (s) => eventFrom(s.win, null) },
    { how: 'no sender', event: (s) => ({ sender: null, senderFrame: ours(s) }) },
    { how: 'a string id', event: (s) => ({ sender: { id: String(s.win.webContents.id) }, senderFrame: ours(s) }) },
    { how: 'another routing id', event: (s) => eventFrom(s.win, new FakeFrame('app://lab/index.html', null, ours(s).processId, ours(s).routingId + 1)) },
    { how: 'another process', event: (s) => eventFrom(s.win, new FakeFrame('app://lab/index.html', null, ours(s).processId + 1, ours(s).routingId)) },
    { how: 'the window closed', event: (s) => eventFrom(s.win), closed: true },
  ),
  foreignUrl.map((url): Sender => ({ how: `our frame showing ${url}`, event: (s) => eventFrom(s.win, new FakeFrame(url, null, ours(s).processId, ours(s).routingId)) })),
);

const polluted = () => Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_PROTO_KEYS.has(k));
const BUILTIN_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

describe('every IPC handler, given arbitrary payloads', () => {
  afterEach(() => expect(polluted()).toEqual([]));

  it('the test tables cover every request and every field of its schema', () => {
    expect(Object.keys(VALID).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      const schema = REQUESTS[name] as z.ZodType;
      if (NO_ARGUMENT.includes(name)) expect(schema).toBeInstanceOf(z.ZodUndefined);
      else expect(Object.keys(FIELDS[name]!).sort(), name).toEqual(Object.keys((schema as z.ZodObject).shape).sort());
    }
  });

  // 14 requests × 400 runs = 5,600 payloads from the trusted window.
  it.each(NAMES)('%s: answers every payload (400 runs); refuses an invalid one by its schema, calling nothing', async (name) => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(cases(name), async ({ payload, mustFail, field, extra }) => {
        s.reset();
        const parsed = (REQUESTS[name] as z.ZodType).safeParse(payload);
        // The mutations' own judgement, independent of the schema: a regression there (a strict object made loose, a limit dropped) fails here.
        if (mustFail !== null) expect(parsed.success).toBe(!mustFail);
        const reply = await s.invoke(name, payload); // a rejection fails the property
        if (!parsed.success) {
          expect(ErrorReplySchema.parse(reply).error.kind).toBe('invalid-request');
          const { message } = (reply as { error: { message: string } }).error;
          expect(message.startsWith(`invalid ${name} request`)).toBe(true);
          if (field !== undefined) expect(message.startsWith(`invalid ${name} request at ${field}`), message).toBe(true);
          if (extra !== undefined) expect(message).toContain(extra);
          expect(s.calls()).toEqual([]);
        } else {
          expectAnswered(name, reply, s.calls());
        }
        expect(s.logged).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  // 14 requests × 200 runs = 2,800 payloads that pass the schema.
  it.each(NAMES)('%s: a payload its schema accepts reaches the service and is not refused as invalid (200 runs)', async (name) => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(VALID[name], async (payload) => {
        s.reset();
        expect((REQUESTS[name] as z.ZodType).safeParse(payload).success).toBe(true);
        const reply = await s.invoke(name, payload);
        expectAnswered(name, reply, s.calls());
        expect(s.logged).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  // 14 requests × 150 runs = 2,100 (sender, payload) pairs.
  it.each(NAMES)('%s: refuses every payload from any sender but our window\'s main frame, calling nothing (150 runs)', async (name) => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(untrusted, cases(name), async (sender, { payload }) => {
        s.reset();
        if (sender.closed) s.setWindow(null);
        try {
          const reply = await s.invoke(name, payload, sender.event(s));
          expect(reply).toEqual({ error: { kind: 'invalid-request', message: `${name}: refused, the request did not come from the app's window` } });
        } finally {
          s.setWindow(s.win);
        }
        expect(s.calls()).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

/** A schema-valid payload got past the schema step: the service was called, and the reply is a result or a domain ErrorReply. */
function expectAnswered(name: RequestName, reply: unknown, calls: string[]): void {
  expect(calls.length, `${name} called nothing`).toBeGreaterThan(0);
  if (RESULTS[name].safeParse(reply).success) return;
  const error = ErrorReplySchema.parse(reply).error;
  expect(error.message.startsWith(`invalid ${name} request`), error.message).toBe(false);
  // The fakes' only domain refusals: an unknown run, and a path not in the (empty) recent list.
  if (['pause', 'resume', 'step', 'cancel'].includes(name)) expect(error).toEqual({ kind: 'invalid-request', message: expect.stringMatching(/^no run \d+$/) });
  else if (name === 'openRecent') expect(error).toEqual({ kind: 'invalid-request', message: expect.stringMatching(/ is not in the recent files list$/) });
  else expect.unreachable(`${name} answered ${JSON.stringify(reply)}`);
}
