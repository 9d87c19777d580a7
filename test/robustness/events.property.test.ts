// Property tests of the preload's event streams: whatever main (or anything impersonating it) delivers
// on lab:run-events or lab:menu, a listener sees only messages that parse, the rest are reported,
// and nothing throws out of ipcRenderer's callback.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MENU_CHANNEL, MENU_COMMANDS, RUN_EVENTS_CHANNEL, RunEventBatchSchema } from '../../core/protocol/lab-api';
import { createPreloadApi } from '../../electron/preload/api';
import { FakeIpcRenderer } from '../electron/fake-electron';

function setup() {
  const ipc = new FakeIpcRenderer();
  const reports: string[] = [];
  const api = createPreloadApi(ipc, (m) => reports.push(m));
  const batches: unknown[] = [];
  const commands: unknown[] = [];
  api.onRunEvents((b) => batches.push(b));
  api.onMenu((c) => commands.push(c));
  const reset = () => {
    reports.splice(0);
    batches.splice(0);
    commands.splice(0);
  };
  return { ipc, reports, batches, commands, reset };
}

// ---------------------------------------------------------------------------------------------
// Batches built from the RunEvent types (not from the schema under test), over a given arbitrary
// for the plain `number` fields: finite numbers, or the non-finite ones a diverged run produces.

const runId = fc.maxSafeNat();
const int = fc.integer();
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity);
const f64 = fc.float64Array({ maxLength: 6 }); // NaN and infinities included: typed arrays carry divergence as data
const f64OrNull = fc.option(f64, { nil: null });

function events(num: fc.Arbitrary<number>) {
  const barrier = fc.option(fc.record({ height: num, at: num, ends: fc.tuple(num, num) }), { nil: null });
  const spread = fc.array(fc.record({ mean: num, std: num }), { maxLength: 3 });
  const restartResult = fc.record(
    {
      variant: fc.nat(),
      index: fc.nat(),
      seed: num,
      status: fc.constantFrom('ok', 'diverged', 'failed'),
      reason: fc.option(fc.string(), { nil: null }),
      records: fc.record({ count: fc.nat(), step: f64, epoch: f64OrNull, loss: f64, accuracy: f64OrNull, gradNorm: f64, position: f64OrNull }),
      params: fc.option(fc.record({ initial: f64, final: f64, history: f64OrNull, population: f64OrNull }, { requiredKeys: ['initial', 'final', 'history'] }), { nil: null }),
      search: fc.option(
        fc.record({
          best: fc.record({ step: num, value: num, position: f64 }),
          success: fc.option(fc.boolean(), { nil: null }),
          nearest: fc.option(fc.record({ index: int, distance: num }), { nil: null }),
        }),
        { nil: null },
      ),
      symmetry: f64OrNull,
      signal: fc.option(fc.record({ activation: spread, gradient: spread }), { nil: null }),
      stalledAt: fc.option(num, { nil: null }),
      basin: fc.option(int, { nil: null }),
    },
    { requiredKeys: ['variant', 'index', 'seed', 'status', 'reason', 'records', 'params', 'search'] },
  );
  const landscape = fc.record({
    kind: fc.constantFrom('network', 'function'),
    variant: fc.option(fc.string(), { nil: null }),
    plane: fc.constantFrom('weights', 'random', 'pca', 'endpoints', 'interpolate', 'domain'),
    x: f64,
    y: f64,
    grid: f64,
    paths: fc.array(fc.record({ restart: int, x: f64, y: f64, loss: f64, offPlane: f64 }), { maxLength: 2 }),
    minima: fc.array(fc.record({ position: fc.array(num, { maxLength: 3 }), value: num }), { maxLength: 2 }),
    explained: fc.option(fc.array(num, { maxLength: 2 }), { nil: null }),
    barrier,
  });
  return (run: number) =>
    fc.oneof(
      fc.record({ type: fc.constant('started'), run: fc.constant(run), name: fc.string(), restarts: int, tasks: int, configurations: fc.array(fc.jsonValue(), { maxLength: 2 }) }),
      fc.record({ type: fc.constant('state'), run: fc.constant(run), state: fc.constantFrom('running', 'paused', 'finishing', 'completed', 'cancelled', 'failed'), message: fc.option(fc.string(), { nil: null }) }),
      fc.record({ type: fc.constant('progress'), run: fc.constant(run), done: num, total: num, restartsDone: int }),
      fc.record({ type: fc.constant('restart'), run: fc.constant(run), result: restartResult }),
      fc.record({ type: fc.constant('landscape'), run: fc.constant(run), landscape }),
      fc.record({ type: fc.constant('rows'), run: fc.constant(run), rowStart: fc.nat(), values: f64 }),
      fc.record({
        type: fc.constant('analysis'),
        run: fc.constant(run),
        restarts: fc.array(fc.record({ variant: int, index: int, stalledAt: fc.option(num, { nil: null }), basin: fc.option(int, { nil: null }) }), { maxLength: 3 }),
        barrier,
      }),
    );
}

const batches = (num: fc.Arbitrary<number>) => {
  const event = events(num);
  return runId.chain((run) => fc.record({ run: fc.constant(run), events: fc.array(event(run), { maxLength: 4 }) }));
};

/** True if a plain number field (not a typed array's element) of `value` is NaN or infinite. */
function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  return Object.values(value).some(hasNonFinite);
}

const validBatch = batches(finite);

// ---------------------------------------------------------------------------------------------
// Mutations: a random node of a valid batch replaced or deleted, or a change that must be refused.

type Path = (string | number)[];

/** Every path to a value inside `value` (typed arrays are leaves), the root excluded. */
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  return Object.keys(value).flatMap((k) => {
    const path = [...at, Array.isArray(value) ? Number(k) : k];
    return [path, ...paths((value as Record<string, unknown>)[k], path)];
  });
}

function edit(root: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path[path.length - 1]!);
  return copy;
}

const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true });

interface Delivery {
  how: string;
  payload: unknown;
  /** True when the mutation makes the batch invalid whatever the schema says (null: the schema decides). */
  mustFail: boolean | null;
}

const deliveries: fc.Arbitrary<Delivery> = fc.oneof(
  validBatch.map((payload): Delivery => ({ how: 'valid', payload, mustFail: false })),
  anything.map((payload): Delivery => ({ how: 'anything', payload, mustFail: null })),
  validBatch.chain((b) =>
    fc.tuple(fc.constantFrom(...paths(b)), anything).map(([path, value]): Delivery => ({ how: `set ${path.join('.')}`, payload: edit(b, path, (p, k) => (p[k] = value)), mustFail: null })),
  ),
  validBatch.chain((b) =>
    fc.constantFrom(...paths(b)).map((path): Delivery => ({ how: `delete ${path.join('.')}`, payload: edit(b, path, (p, k) => delete p[k]), mustFail: null })),
  ),
  // Float64Arrays turned into plain arrays (as a JSON round trip would): every one is a refusal.
  validBatch
    .filter((b) => paths(b).some((p) => ArrayBuffer.isView(get(b, p))))
    .chain((b) =>
      fc.constantFrom(...paths(b).filter((p) => ArrayBuffer.isView(get(b, p)))).map((path): Delivery => ({
        how: `plain array at ${path.join('.')}`,
        payload: edit(b, path, (p, k) => (p[k] = Array.from(p[k] as Float64Array))),
        mustFail: true,
      })),
    ),
  validBatch.chain((b) =>
    fc
      .constantFrom(...paths(b).filter((p) => p[p.length - 1] === 'run'))
      .chain((path) =>
        fc
          .oneof(fc.constantFrom(-1, 0.5, NaN, Infinity, 2 ** 53, '1', null), fc.integer({ max: -1 }))
          .map((value): Delivery => ({ how: `bad run at ${path.join('.')}`, payload: edit(b, path, (p, k) => (p[k] = value)), mustFail: true })),
      ),
  ),
  validBatch
    .filter((b) => b.events.length > 0)
    .chain((b) =>
      fc
        .string()
        .filter((t) => !['started', 'state', 'progress', 'restart', 'landscape', 'rows', 'analysis'].includes(t))
        .map((type): Delivery => ({ how: `event type ${JSON.stringify(type)}`, payload: edit(b, ['events', 0, 'type'], (p, k) => (p[k] = type)), mustFail: true })),
    ),
);

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

describe('the preload\'s run-event stream, given arbitrary messages', () => {
  // 2,000 runs: valid batches, arbitrary values and mutated batches (about a seventh each).
  it('delivers a message iff it parses as a RunEventBatch, reports every other one, and never throws (2000 runs)', () => {
    const s = setup();
    fc.assert(
      fc.property(deliveries, ({ payload, mustFail }) => {
        s.reset();
        const parsed = RunEventBatchSchema.safeParse(payload);
        if (mustFail !== null) expect(parsed.success).toBe(!mustFail);
        expect(() => s.ipc.deliver(RUN_EVENTS_CHANNEL, payload)).not.toThrow();
        if (parsed.success) {
          expect(s.reports).toEqual([]);
          expect(s.batches).toHaveLength(1);
          const seen = s.batches[0] as { run: number; events: unknown[] };
          const sent = payload as { run: number; events: unknown[] };
          expect(seen.run).toBe(sent.run);
          expect(seen.events).toHaveLength(sent.events.length);
        } else {
          expect(s.batches).toEqual([]);
          expect(s.reports).toHaveLength(1);
          expect(s.reports[0]).toMatch(/^lab:run-events: dropped an invalid message: invalid run-events request/);
        }
        expect(s.commands).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the preload\'s menu stream, given arbitrary messages', () => {
  const commands = fc.oneof(fc.constantFrom(...MENU_COMMANDS), anything, fc.string(), fc.constantFrom(...MENU_COMMANDS).map((c) => c.toUpperCase()));

  // 1,000 runs. The oracle is the command list itself.
  it('delivers exactly the menu commands, reports every other message, and never throws (1000 runs)', () => {
    const s = setup();
    fc.assert(
      fc.property(commands, (payload) => {
        s.reset();
        expect(() => s.ipc.deliver(MENU_CHANNEL, payload)).not.toThrow();
        const known = typeof payload === 'string' && (MENU_COMMANDS as readonly string[]).includes(payload);
        expect(s.commands).toEqual(known ? [payload] : []);
        expect(s.reports).toHaveLength(known ? 0 : 1);
        if (!known) expect(s.reports[0]).toMatch(/^lab:menu: dropped an invalid message: /);
        expect(s.batches).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the preload\'s run-event stream, given a diverged run\'s events', () => {
  // Found by this suite: RunEventSchema's z.number() fields refused NaN and ±Infinity (zod 4), so the
  // preload dropped a diverged run's whole batch (e.g. a search whose best value is NaN). The event
  // schema now accepts any number; this property keeps it so.
  // 300 runs; every batch holds at least one non-finite plain number.
  it('delivers a batch whose number fields hold NaN or infinities (300 runs)', () => {
    const s = setup();
    fc.assert(
      fc.property(
        batches(fc.oneof(finite, nonFinite)).filter(hasNonFinite),
        (payload) => {
          s.reset();
          s.ipc.deliver(RUN_EVENTS_CHANNEL, payload);
          expect(s.reports).toEqual([]);
          expect(s.batches).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
