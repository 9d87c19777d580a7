// Our training engine against an independent reference: PyTorch (float64) retrained each case from the
// same inputs (scripts/reference/), and its per-record loss, accuracy and gradient norm and its final
// parameters are committed under test/fixtures/torch/. Nothing here runs Python.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainRestart } from '../../core/experiment/train';
import { networkVariant } from '../../core/experiment/resolve';
import { datasetRows, epochPermutations, FIXTURES, INPUTS_FORMAT, resolveCase, type ReferenceInputs } from '../../scripts/reference/make-inputs';
import { ROOT } from '../paths';

/** Agreement asked of every compared number: absolute below 1, relative above. */
const TOLERANCE = 1e-9;

/** A loss must move at least this fraction of its starting value over a case, or the case checks little. */
const MIN_LOSS_CHANGE = 0.05;

interface ExpectedRecords {
  step: number[];
  epoch: number[];
  loss: number[];
  accuracy: number[] | null;
  gradNorm: number[];
}

interface Expected {
  format: string;
  case: string;
  torch: string;
  records: ExpectedRecords;
  final: number[];
}

/**
 * Whether `actual` is within `tol` of `expected` (absolute, or relative when |expected| > 1). NaN
 * agrees only with NaN, an infinity only with the same infinity: never with a finite number or each other.
 */
function closeTo(actual: number, expected: number, tol: number): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** The first element of `actual` not close to `expected`, described, or null when all agree (lengths included). */
function firstMismatch(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): string | null {
  if (actual.length !== expected.length) return `${what}: expected ${expected.length} values, found ${actual.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (!closeTo(actual[i]!, expected[i]!, tol)) {
      return `${what}[${i}]: expected ${expected[i]} (PyTorch), found ${actual[i]} (difference ${actual[i]! - expected[i]!})`;
    }
  }
  return null;
}

/** The first element where `actual` and `expected` differ exactly, described, or null. */
function firstDifference(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  if (actual.length !== expected.length) return `${what}: expected ${expected.length} values, found ${actual.length}`;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) return `${what}[${i}]: expected ${expected[i]}, found ${actual[i]}`;
  }
  return null;
}

const INPUTS = join(ROOT, FIXTURES, 'inputs');
const EXPECTED = join(ROOT, FIXTURES, 'expected');
const CASE_NAMES = readdirSync(INPUTS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('closeTo', () => {
  it('accepts differences up to the tolerance, absolute below 1 and relative above', () => {
    expect(closeTo(0.5, 0.5 + 1e-10, 1e-9)).toBe(true);
    expect(closeTo(0.5, 0.5 + 2e-9, 1e-9)).toBe(false);
    expect(closeTo(1e6, 1e6 + 1e-4, 1e-9)).toBe(true);
    expect(closeTo(1e6, 1e6 + 1e-2, 1e-9)).toBe(false);
    expect(closeTo(1e-12, -1e-12, 1e-9)).toBe(true);
  });
  it('never treats NaN as equal to a finite number or an infinity', () => {
    expect(closeTo(NaN, 0, 1e-9)).toBe(false);
    expect(closeTo(0, NaN, 1e-9)).toBe(false);
    expect(closeTo(NaN, Infinity, 1e-9)).toBe(false);
    expect(closeTo(-Infinity, NaN, 1e-9)).toBe(false);
    expect(closeTo(NaN, NaN, 1e-9)).toBe(true);
  });
  it('matches an infinity only with the same infinity', () => {
    expect(closeTo(Infinity, Infinity, 1e-9)).toBe(true);
    expect(closeTo(Infinity, -Infinity, 1e-9)).toBe(false);
    expect(closeTo(Infinity, 1e308, 1e-9)).toBe(false);
    expect(closeTo(1e308, Infinity, 1e-9)).toBe(false);
  });
});

describe('training engine against PyTorch (float64)', () => {
  it('has at least 8 cases, each with PyTorch expectations', () => {
    expect(CASE_NAMES.length).toBeGreaterThanOrEqual(8);
    expect(readdirSync(EXPECTED).filter((f) => f.endsWith('.json')).sort()).toEqual(CASE_NAMES.map((n) => `${n}.json`));
  });

  for (const name of CASE_NAMES) {
    it(`${name}: same inputs, then every record and the final parameters within ${TOLERANCE}`, () => {
      const inputs = readJson(join(INPUTS, `${name}.json`)) as ReferenceInputs;
      const expected = readJson(join(EXPECTED, `${name}.json`)) as Expected;
      expect(inputs.format).toBe(INPUTS_FORMAT);
      expect(expected.case).toBe(name);

      // Inputs first: if our RNG or data generation changed, say so rather than report numbers.
      const run = resolveCase(inputs.experiment);
      expect(run.experiment, 're-resolving the committed experiment gives it back').toEqual(inputs.experiment);
      const plan = networkVariant(run);
      expect(plan.sizes).toEqual(inputs.sizes);
      const rows = datasetRows(run);
      const inputProblems = [
        firstDifference('dataset x (flat)', rows.x.flat(), inputs.dataset.x.flat()),
        firstDifference('dataset y', rows.y, inputs.dataset.y),
      ];
      const permutations = epochPermutations(run, inputs.restart);
      if ((permutations === null) !== (inputs.permutations === null)) inputProblems.push('shuffle permutations: present on one side only');
      else if (permutations !== null) inputProblems.push(firstDifference('shuffle permutations (flat)', permutations.flat(), inputs.permutations!.flat()));
      const result = trainRestart(run, 0, inputs.restart);
      expect(result.params, 'the cases keep parameters at both ends').not.toBeNull();
      inputProblems.push(firstDifference('initial parameters', result.params!.initial, inputs.initial));
      expect(inputProblems.filter((p) => p !== null), 'our core no longer produces the committed inputs: regenerate the fixtures (scripts/reference/README.md)').toEqual([]);

      // Then the numbers.
      expect(result.status).toBe('ok');
      const ours = result.records;
      const theirs = expected.records;
      expect(Array.from(ours.step)).toEqual(theirs.step);
      expect(Array.from(ours.epoch!)).toEqual(theirs.epoch);
      expect(ours.accuracy === null).toBe(theirs.accuracy === null);
      const mismatches = [
        firstMismatch('loss', ours.loss, theirs.loss, TOLERANCE),
        ours.accuracy && firstMismatch('accuracy', ours.accuracy, theirs.accuracy!, TOLERANCE),
        firstMismatch('gradNorm', ours.gradNorm, theirs.gradNorm, TOLERANCE),
        firstMismatch('final parameters', result.params!.final, expected.final, TOLERANCE),
      ];
      expect(mismatches.filter((m) => m !== null)).toEqual([]);

      // A case where the loss hardly moves would pass without testing the updates.
      const first = theirs.loss[0]!;
      const last = theirs.loss[theirs.loss.length - 1]!;
      expect(Math.abs(last - first) / first).toBeGreaterThan(MIN_LOSS_CHANGE);
    });
  }
});
