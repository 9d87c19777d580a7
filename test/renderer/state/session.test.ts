// The session autosave: debounced writes over a manual timer, crash versus clean close, stored text
// that cannot be used (ignored, with the reason), and storage failures reported instead of thrown.
import { describe, expect, it } from 'vitest';
import {
  Autosaver,
  makeSession,
  MAX_SESSION_DATASET_CHARS,
  parseSession,
  restoreOffer,
  SESSION_FORMAT,
  SESSION_KEY,
  type SessionState,
  type SessionStore,
  sessionToText,
  type Timer,
  webSessionStore,
} from '../../../renderer/state/session';

/** A timer the test advances by hand. */
class ManualTimer implements Timer {
  time = 0;
  #next = 1;
  #due = new Map<number, { at: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, { at: this.time + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  get armed(): number {
    return this.#due.size;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.#due].filter(([, d]) => d.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (next === undefined) break;
      this.#due.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
    }
    this.time = end;
  }
}

/** A store in memory that counts its writes. */
class MemoryStore implements SessionStore {
  writes: string[] = [];
  constructor(public text: string | null = null) {}
  read() {
    return this.text;
  }
  write(text: string) {
    this.writes.push(text);
    this.text = text;
  }
}

const experiment = (restarts: number) => ({ format: 'landscape-lab/experiment@1', seed: 'a', restarts });
const state = (restarts: number, datasets: Record<string, string> = {}): SessionState => ({ experiment: experiment(restarts), path: null, datasets });

function setup(store = new MemoryStore()) {
  const timer = new ManualTimer();
  const reports: string[] = [];
  const saver = new Autosaver({ store, timer, now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5) + timer.time).toISOString(), delayMs: 1000, report: (m) => reports.push(m) });
  return { store, timer, saver, reports };
}

const saved = (text: string) => parseSession(text).session!;

describe('autosave', () => {
  it('writes once per delay, the latest change, no sooner than the delay after the first', () => {
    const { store, timer, saver } = setup();
    saver.change(state(1));
    timer.advance(400);
    saver.change(state(2));
    timer.advance(400);
    saver.change(state(3));
    expect(store.writes).toHaveLength(0);
    timer.advance(199);
    expect(store.writes).toHaveLength(0);
    timer.advance(1);
    expect(store.writes).toHaveLength(1);
    const first = saved(store.writes[0]!);
    expect(first.experiment).toEqual(experiment(3));
    expect(first.clean).toBe(false);
    expect(first.savedAt).toBe('2025-01-02T03:04:06.000Z');
  });

  it('keeps saving through a stream of changes (no change waits more than the delay)', () => {
    const { store, timer, saver } = setup();
    for (let i = 0; i < 30; i++) {
      saver.change(state(i));
      timer.advance(100);
    }
    expect(store.writes).toHaveLength(3);
    timer.advance(1000);
    expect(store.writes).toHaveLength(3);
    expect(saved(store.writes[2]!).experiment).toEqual(experiment(29));
    expect(timer.armed).toBe(0);
  });

  it('flush writes a pending change at once and disarms the timer', () => {
    const { store, timer, saver } = setup();
    saver.flush();
    expect(store.writes).toHaveLength(0);
    saver.change(state(5));
    saver.flush();
    expect(store.writes).toHaveLength(1);
    expect(timer.armed).toBe(0);
    timer.advance(5000);
    expect(store.writes).toHaveLength(1);
  });

  it('dispose drops the timer without writing', () => {
    const { store, timer, saver } = setup();
    saver.change(state(5));
    saver.dispose();
    timer.advance(5000);
    expect(store.writes).toHaveLength(0);
  });
});

describe('crash or clean close', () => {
  it('offers a session saved but never closed as a crash', () => {
    const { store, timer, saver } = setup();
    saver.change({ experiment: experiment(4), path: 'spirals.json', datasets: { 'd.csv': 'y,x\n1,2\n' } });
    timer.advance(1000);
    // The window dies here: no markClean.
    expect(restoreOffer(store.read())).toEqual({
      experiment: experiment(4),
      path: 'spirals.json',
      datasets: { 'd.csv': 'y,x\n1,2\n' },
      missing: [],
      savedAt: '2025-01-02T03:04:06.000Z',
      crashed: true,
    });
  });

  it('a normal close writes the latest state marked clean, pending or not', () => {
    const { store, timer, saver } = setup();
    saver.change(state(1));
    timer.advance(1000);
    saver.change(state(2));
    saver.markClean();
    expect(store.writes).toHaveLength(2);
    expect(timer.armed).toBe(0);
    const offer = restoreOffer(store.read())!;
    expect(offer.crashed).toBe(false);
    expect(offer.experiment).toEqual(experiment(2));

    const again = setup();
    again.saver.change(state(7));
    again.timer.advance(1000);
    again.saver.markClean();
    expect(again.store.writes.map((t) => saved(t).clean)).toEqual([false, true]);
  });

  it('a change after markClean (a cancelled close) makes the session unclean again', () => {
    const { store, timer, saver } = setup();
    saver.change(state(1));
    saver.markClean();
    saver.change(state(2));
    timer.advance(1000);
    expect(restoreOffer(store.read())!.crashed).toBe(true);
  });

  it('closing without any change marks the stored session clean, keeping its contents', () => {
    const crashed = sessionToText(makeSession(state(9), '2024-12-31T23:59:59.000Z', false));
    const { store, saver } = setup(new MemoryStore(crashed));
    saver.markClean();
    expect(restoreOffer(store.read())).toMatchObject({ experiment: experiment(9), savedAt: '2024-12-31T23:59:59.000Z', crashed: false });
    // Nothing stored: nothing written.
    const empty = setup();
    empty.saver.markClean();
    expect(empty.store.writes).toHaveLength(0);
  });

  it('nothing stored: no offer', () => {
    expect(restoreOffer(null)).toBeNull();
  });
});

describe('what a session keeps', () => {
  it('keeps dataset texts, smallest first, up to the cap; the rest by name', () => {
    const big = 'x'.repeat(MAX_SESSION_DATASET_CHARS - 10);
    const s = makeSession(state(1, { 'big.csv': big, 'small.csv': 'y,x\n', 'huge.csv': big + big }), '2025-01-01T00:00:00Z', true);
    expect(s.datasets).toEqual({ 'small.csv': 'y,x\n', 'big.csv': big, 'huge.csv': null });
    const offer = restoreOffer(sessionToText(s))!;
    expect(offer.datasets).toEqual({ 'small.csv': 'y,x\n', 'big.csv': big });
    expect(offer.missing).toEqual(['huge.csv']);
  });

  it('round-trips through text', () => {
    const s = makeSession({ experiment: experiment(3), path: 'a/b.json', datasets: {} }, '2025-06-01T12:00:00.000+02:00', false);
    expect(s.format).toBe(SESSION_FORMAT);
    expect(parseSession(sessionToText(s))).toEqual({ session: s, reason: null });
  });
});

describe('stored text that cannot be used', () => {
  const good = () => JSON.parse(sessionToText(makeSession(state(1), '2025-01-01T00:00:00.000Z', false))) as Record<string, unknown>;
  const reasonFor = (text: string) => {
    const reasons: string[] = [];
    expect(restoreOffer(text, (r) => reasons.push(r))).toBeNull();
    expect(reasons).toHaveLength(1);
    expect(parseSession(text)).toEqual({ session: null, reason: reasons[0] });
    return reasons[0];
  };

  it('text cut short', () => {
    expect(reasonFor(sessionToText(makeSession(state(1), '2025-01-01T00:00:00.000Z', false)).slice(0, 40))).toMatch(/^the saved session is not JSON \(/);
  });

  it('another format', () => {
    expect(reasonFor(JSON.stringify({ ...good(), format: 'landscape-lab/session@2' }))).toBe(
      'the saved session is not a landscape-lab/session@1 at format: Invalid input: expected "landscape-lab/session@1"',
    );
  });

  it('an unknown key, a bad date, an experiment that is not an object', () => {
    expect(reasonFor(JSON.stringify({ ...good(), extra: 1 }))).toMatch(/^the saved session is not a landscape-lab\/session@1: Unrecognized key: "extra"/);
    expect(reasonFor(JSON.stringify({ ...good(), savedAt: 'yesterday' }))).toMatch(/^the saved session is not a landscape-lab\/session@1 at savedAt: /);
    expect(reasonFor(JSON.stringify({ ...good(), experiment: [1] }))).toMatch(/^the saved session is not a landscape-lab\/session@1 at experiment: /);
    expect(reasonFor('null')).toMatch(/^the saved session is not a landscape-lab\/session@1: /);
  });

  it('a corrupted stored session does not stop the autosaver', () => {
    const { store, timer, saver } = setup(new MemoryStore('{"format":'));
    saver.markClean();
    expect(store.writes).toHaveLength(0);
    saver.change(state(2));
    timer.advance(1000);
    expect(restoreOffer(store.read())!.experiment).toEqual(experiment(2));
  });
});

/** A Storage stand-in that fails as told. */
function storage(fail: { get?: Error; set?: Error } = {}): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i: number) => [...data.keys()][i] ?? null,
    removeItem: (k: string) => void data.delete(k),
    getItem: (k: string) => {
      if (fail.get) throw fail.get;
      return data.get(k) ?? null;
    },
    setItem: (k: string, v: string) => {
      if (fail.set) throw fail.set;
      data.set(k, v);
    },
  };
}

describe('the localStorage store', () => {
  it(`keeps the session under ${SESSION_KEY}`, () => {
    const s = storage();
    const store = webSessionStore(() => {}, () => s);
    expect(store.read()).toBeNull();
    store.write('text');
    expect(s.data.get(SESSION_KEY)).toBe('text');
    expect(store.read()).toBe('text');
  });

  it('works over the window localStorage by default', () => {
    localStorage.removeItem(SESSION_KEY);
    const store = webSessionStore(() => {});
    store.write('hello');
    expect(localStorage.getItem(SESSION_KEY)).toBe('hello');
    localStorage.removeItem(SESSION_KEY);
  });

  it('reports a full quota once (until a write succeeds), and never throws', () => {
    const fail: { set?: Error } = { set: new DOMException('exceeded the quota', 'QuotaExceededError') };
    const s = storage(fail);
    const reports: string[] = [];
    const store = webSessionStore((m) => reports.push(m), () => s);
    expect(() => store.write('a')).not.toThrow();
    store.write('b');
    expect(reports).toEqual(["The session is not being saved: the browser's storage for this site is full."]);
    delete fail.set;
    store.write('c');
    fail.set = new DOMException('exceeded the quota', 'QuotaExceededError');
    store.write('d');
    expect(reports).toHaveLength(2);
    expect(s.data.get(SESSION_KEY)).toBe('c');
  });

  it('reports storage turned off, when reading and when writing', () => {
    const reports: string[] = [];
    const store = webSessionStore(
      (m) => reports.push(m),
      () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    );
    expect(store.read()).toBeNull();
    store.write('x');
    expect(reports).toEqual([
      "The last session could not be read: the browser's storage is turned off for this site.",
      "The session is not being saved: the browser's storage is turned off for this site.",
    ]);
  });

  it('an autosaver over a full store keeps the window going and reports', () => {
    const reports: string[] = [];
    const store = webSessionStore((m) => reports.push(m), () => storage({ set: new DOMException('full', 'QuotaExceededError') }));
    const timer = new ManualTimer();
    const saver = new Autosaver({ store, timer, now: () => '2025-01-01T00:00:00.000Z', delayMs: 10 });
    saver.change(state(1));
    expect(() => timer.advance(10)).not.toThrow();
    expect(() => saver.markClean()).not.toThrow();
    expect(reports).toEqual(["The session is not being saved: the browser's storage for this site is full."]);
  });

  it('an autosaver reports a custom store that throws', () => {
    const reports: string[] = [];
    const saver = new Autosaver({
      store: {
        read: () => null,
        write: () => {
          throw new Error('disk gone');
        },
      },
      timer: new ManualTimer(),
      now: () => '2025-01-01T00:00:00.000Z',
      report: (m) => reports.push(m),
    });
    saver.change(state(1));
    expect(() => saver.flush()).not.toThrow();
    expect(reports).toEqual(['The session could not be saved: disk gone']);
  });
});
