// A worker's shared hold flag, for pause and step where threads share memory: the scheduler sets it,
// the worker's handler (engine.ts) reads it at each progress report and blocks while it says hold.

/**
 * Values of a worker's shared hold flag: open (run), hold at the next progress report, or step: run
 * until the current restart finishes, then hold (the worker turns STEP into HOLD itself, so exactly
 * one restart finishes however short the next one is).
 */
export const GATE_OPEN = 0;
export const GATE_HOLD = 1;
export const GATE_STEP = 2;

/** Sets a worker's hold flag to `value` (nothing without shared memory, `gate` null) and wakes the worker unless it is to hold. */
export function setGate(gate: Int32Array | null, value: number): void {
  if (gate === null) return;
  Atomics.store(gate, 0, value);
  if (value !== GATE_HOLD) Atomics.notify(gate, 0);
}
