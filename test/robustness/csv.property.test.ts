// Property tests of reading a CSV dataset, which comes from the user and is not trusted: a valid table
// written in any of the ways CSV allows reads back as exactly its numbers; a table with one fault
// planted is refused with a CsvDatasetError naming the fault's line or column; and any text at all
// becomes a consistent dataset or a CsvDatasetError, never another error.
//
// Cases: round trip 1,000; planted faults 1,500; arbitrary text 1,000 + 1,000 + 1,000. Under 5 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../core/data/dataset';
import { CsvDatasetError, datasetFromCsv, type CsvTask } from '../../core/data/from-csv';
import { LIMITS } from '../../core/experiment/limits';

// ---------------------------------------------------------------------------------------------
// A table in structured form, rendered to text with every freedom CSV allows.

/** One field: its content and whether it is written in double quotes. */
interface Cell {
  value: string;
  quoted: boolean;
}

/** How a table's records are laid out in the file. */
interface Layout {
  bom: boolean;
  /** Line end after each record (and blank line), taken in turn. */
  eols: string[];
  /** Blank (or whitespace-only) lines before each record, taken in turn. */
  blanks: string[][];
  finalNewline: boolean;
}

interface Table {
  header: Cell[];
  rows: Cell[][];
  layout: Layout;
}

const NEEDS_QUOTES = /[",\r\n]/;

function field(c: Cell): string {
  return c.quoted || NEEDS_QUOTES.test(c.value) ? `"${c.value.replaceAll('"', '""')}"` : c.value;
}

/** The file's text, and the 1-based line each record (header first) starts on. */
function render(t: Table): { text: string; lines: number[] } {
  const { bom, eols, blanks, finalNewline } = t.layout;
  let text = bom ? '\uFEFF' : '';
  let eol = 0;
  const nextEol = () => eols[eol++ % eols.length]!;
  const lines: number[] = [];
  const records = [t.header, ...t.rows];
  records.forEach((record, r) => {
    for (const blank of blanks[r % blanks.length] ?? []) text += blank + nextEol();
    lines.push(1 + countNewlines(text));
    text += record.map(field).join(',');
    if (r < records.length - 1 || finalNewline) text += nextEol();
  });
  return { text, lines };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) n++;
  return n;
}

const DIGIT = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: DIGIT, minLength, maxLength });

/** A decimal in every form parseDecimal reads: sign, digits on either side of an optional point, exponent (no overflow). */
const decimalText = fc
  .tuple(fc.constantFrom('', '-', '+'), digits(0, 8), fc.option(digits(0, 8)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 2))))
  .filter(([, int, frac]) => int.length + (frac?.length ?? 0) > 0)
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}`);
/** A double as JavaScript writes it (plain or exponent), sometimes with a leading plus. */
const doubleText = fc
  .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('string', 'exponential', 'plus'))
  .map(([v, how]) => (how === 'exponential' ? v.toExponential() : how === 'plus' && v >= 0 ? `+${v}` : String(v)));
/** A class index written as a number that equals it exactly: 1, +1, 1.0, 1., 1e0, 10e-1, 01 (and -0 for 0). */
const labelText = (k: number) => fc.constantFrom(`${k}`, `+${k}`, `${k}.0`, `${k}.`, `${k}e0`, `${k}0E-1`, `0${k}`, k === 0 ? '-0' : `${k}.000`);
const PAD = fc.constantFrom('', '', ' ', '  ', '\t');

/** A cell holding the number `text`, padded with whitespace and maybe quoted. */
const numberCell = (text: fc.Arbitrary<string>) => fc.tuple(text, PAD, PAD, fc.boolean()).map(([t, a, b, quoted]): Cell => ({ value: `${a}${t}${b}`, quoted }));

/** Column names: plain words, and names with commas, quotes, line ends, spaces and non-ASCII letters that need quoting. */
const NAME_UNIT = fc.constantFrom('a', 'b', 'x', 'y', 'Z', '_', '1', ' ', ',', '"', '\n', '\r\n', 'é', '中', '😀', '.', '-');
const columnName = fc.string({ unit: NAME_UNIT, minLength: 1, maxLength: 6 }).map((s) => s.trim()).filter((s) => s !== '');
const nameCell = (name: string) => fc.tuple(PAD, PAD, fc.boolean()).map(([a, b, quoted]): Cell => ({ value: `${a}${name}${b}`, quoted }));

const BLANK = fc.constantFrom('', ' ', '\t', '  \t ');
const layout: fc.Arbitrary<Layout> = fc.record({
  bom: fc.boolean(),
  eols: fc.oneof(fc.constant<string[]>(['\n']), fc.constant<string[]>(['\r\n']), fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 1, maxLength: 4 })),
  blanks: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(BLANK, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 5 }),
  finalNewline: fc.boolean(),
});

/** A valid table and what reading it must give. */
interface Generated {
  table: Table;
  names: string[];
  target: number;
  task: CsvTask;
  /** The numbers written, row by row, as Number() reads them. */
  values: number[][];
}

/** Targets either class indices (0 to 4, or 99 and 100 at the edge of auto's range) or any numbers. */
const generated: fc.Arbitrary<Generated> = fc
  .record({
    names: fc.uniqueArray(columnName, { minLength: 2, maxLength: 5 }),
    samples: fc.integer({ min: 1, max: 8 }),
    targetKind: fc.constantFrom('classes', 'classes', 'numbers'),
  })
  .chain(({ names, samples, targetKind }) =>
    fc.record({
      target: fc.nat(names.length - 1),
      header: fc.tuple(...names.map(nameCell)),
      labels: fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(99, 100) }), { minLength: samples, maxLength: samples }),
      cells: fc.array(fc.array(numberCell(fc.oneof(decimalText, doubleText)), { minLength: names.length, maxLength: names.length }), { minLength: samples, maxLength: samples }),
      layout,
      task: fc.constantFrom<CsvTask>('auto', 'auto', 'regression', 'classification'),
      targetKind: fc.constant(targetKind),
      names: fc.constant(names),
    }),
  )
  .chain(({ target, header, labels, cells, layout, task, targetKind, names }) =>
    (targetKind === 'classes' ? fc.tuple(...labels.map((k) => numberCell(labelText(k)))) : fc.constant(cells.map((row) => row[target]!))).map((targets) => {
      const rows = cells.map((row, r) => row.map((c, col) => (col === target ? targets[r]! : c)));
      const values = rows.map((row) => row.map((c) => Number(c.value)));
      // An explicit classification task only for targets that are class indices; other targets are refused under it (an example test's matter).
      const labelLike = values.every((row) => Number.isInteger(row[target]) && row[target]! >= 0 && row[target]! < LIMITS.classes);
      return { table: { header, rows, layout }, names, target, task: task === 'classification' && !labelLike ? 'auto' : task, values };
    }),
  );

/** Runs datasetFromCsv; any error but a CsvDatasetError fails the property. */
function read(text: string, target: string, task: CsvTask): Dataset | CsvDatasetError {
  try {
    return datasetFromCsv(text, target, task);
  } catch (e) {
    if (e instanceof CsvDatasetError) {
      expect(e.message.trim()).not.toBe('');
      return e;
    }
    throw e;
  }
}

describe('a valid table reads back as exactly its numbers', () => {
  // 1,000 runs.
  it('any quoting, padding, number form, BOM, line ends and blank lines (1000 runs)', () => {
    let classified = 0;
    let regressed = 0;
    fc.assert(
      fc.property(generated, ({ table, names, target, task, values }) => {
        const { text } = render(table);
        const ys = values.map((row) => row[target]!);
        const labelLike = ys.every((v) => Number.isInteger(v) && v >= 0 && v < LIMITS.classes);
        const classification = task === 'classification' || (task === 'auto' && labelLike);
        const out = read(text, names[target]!, task);
        if (classification && new Set(ys).size < 2) {
          expect(out).toBeInstanceOf(CsvDatasetError);
          expect((out as Error).message).toContain(`column ${JSON.stringify(names[target])}: every row has class ${ys[0]}`);
          return;
        }
        if (out instanceof CsvDatasetError) throw new Error(`refused a valid table: ${out.message}\n${JSON.stringify(text)}`);
        const d = out;
        expect(d.samples).toBe(values.length);
        expect(d.features).toBe(names.length - 1);
        expect(d.targets).toBe(1);
        expect(d.targetName).toBe(names[target]);
        expect(d.featureNames).toEqual(names.filter((_, c) => c !== target));
        expect(Array.from(d.x)).toEqual(values.flatMap((row) => row.filter((_, c) => c !== target)));
        expect(Array.from(d.y)).toEqual(ys);
        expect(d.classes).toBe(classification ? Math.max(...ys) + 1 : null);
        if (classification) classified++;
        else regressed++;
      }),
      { numRuns: 1000 },
    );
    // Both tasks must be well represented.
    expect(classified).toBeGreaterThan(200);
    expect(regressed).toBeGreaterThan(200);
  });
});

// ---------------------------------------------------------------------------------------------
// One fault planted in a valid table: refused with a CsvDatasetError that names where it is.

type Fault =
  | 'extra field'
  | 'missing field'
  | 'non-numeric cell'
  | 'empty cell'
  | 'unterminated quote'
  | 'quote in an unquoted field'
  | 'text after a closing quote'
  | 'duplicate column name'
  | 'empty column name'
  | 'single class'
  | 'target not in the header';
const FAULTS: Fault[] = [
  'extra field',
  'missing field',
  'non-numeric cell',
  'empty cell',
  'unterminated quote',
  'quote in an unquoted field',
  'text after a closing quote',
  'duplicate column name',
  'empty column name',
  'single class',
  'target not in the header',
];

const NOT_NUMBERS = ['abc', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '0x1F', '0b1', '1e400', '-1e999', '--1', '+-1', '1,5', '1..2', '1 2', '1e', 'e5', '.', '-', '1_000', '١', '∞', 'true', 'null', '½', '"1"', '1e+', 'x'];

interface Planted {
  text: string;
  target: string;
  task: CsvTask;
  /** What the message must contain. */
  expected: string;
}

/** Plants `fault` at row `r`, column `c` (and another column `c2`) of a valid table, read as a regression unless the fault is about classes. */
function plant(g: Generated, fault: Fault, r: number, c: number, c2: number, junk: string, label: number): Planted {
  const header = g.table.header.map((h) => ({ ...h }));
  const rows = g.table.rows.map((row) => row.map((cell) => ({ ...cell })));
  const table: Table = { header, rows, layout: g.table.layout };
  const names = g.names;
  let target = names[g.target]!;
  let task: CsvTask = 'regression';
  const n = names.length;
  const lineOf = () => render(table).lines;
  const rowLine = () => lineOf()[r + 1]!;
  const number = rows[r]![c]!.value.trim();
  switch (fault) {
    case 'extra field':
      rows[r]!.push({ value: '1', quoted: false });
      return { text: render(table).text, target, task, expected: `line ${rowLine()}: expected ${n} field${n === 1 ? '' : 's'} as in the header, found ${n + 1}` };
    case 'missing field':
      rows[r]!.splice(c, 1);
      return { text: render(table).text, target, task, expected: `line ${rowLine()}: expected ${n} field${n === 1 ? '' : 's'} as in the header, found ${n - 1}` };
    case 'non-numeric cell':
      rows[r]![c] = { value: junk, quoted: false };
      return { text: render(table).text, target, task, expected: `line ${rowLine()}, column ${JSON.stringify(names[c])}: expected a number, found ${JSON.stringify(junk)}` };
    case 'empty cell':
      rows[r]![c] = { value: junk.length % 2 === 0 ? '' : '  ', quoted: junk.length % 3 === 0 };
      return { text: render(table).text, target, task, expected: `line ${rowLine()}, column ${JSON.stringify(names[c])}: expected a number, found an empty cell` };
    case 'unterminated quote': {
      // Any quote after it would close it; the rows are written unquoted (see the caller).
      rows[r]![c] = { value: '', quoted: false };
      const text = render(table).text;
      const at = nthField(text, render(table).lines[r + 1]!, c);
      return { text: text.slice(0, at) + `"${number}` + text.slice(at), target, task, expected: `line ${rowLine()}: a quoted field is never closed` };
    }
    case 'quote in an unquoted field': {
      const k = 1 + (junk.length % number.length);
      rows[r]![c] = { value: '', quoted: false };
      const text = render(table).text;
      const at = nthField(text, render(table).lines[r + 1]!, c);
      return { text: text.slice(0, at) + number.slice(0, k) + '"' + number.slice(k) + text.slice(at), target, task, expected: `line ${rowLine()}: a quote inside an unquoted field` };
    }
    case 'text after a closing quote': {
      rows[r]![c] = { value: '', quoted: false };
      const text = render(table).text;
      const at = nthField(text, render(table).lines[r + 1]!, c);
      const after = junk.includes(',') || junk.startsWith('"') ? 'x' : junk;
      return { text: `${text.slice(0, at)}"${number}"${after}${text.slice(at)}`, target, task, expected: `line ${rowLine()}: unexpected ${JSON.stringify(after[0])} after a closing quote` };
    }
    case 'duplicate column name': {
      // The later of the two columns takes the earlier one's name (padded: names are trimmed).
      const [first, second] = c < c2 ? [c, c2] : [c2, c];
      header[second] = { ...header[second]!, value: ` ${names[first]} ` };
      if (second === g.target) target = names[first]!;
      return { text: render(table).text, target, task, expected: `line ${lineOf()[0]}: column name ${JSON.stringify(names[first])} appears twice` };
    }
    case 'empty column name':
      header[c] = { value: junk.length % 2 === 0 ? '' : ' \t', quoted: junk.length % 3 === 0 };
      return { text: render(table).text, target, task, expected: `line ${lineOf()[0]}: column ${c + 1} has an empty name` };
    case 'single class':
      for (const row of rows) row[g.target] = { value: String(label), quoted: false };
      task = junk.length % 2 === 0 ? 'auto' : 'classification';
      return { text: render(table).text, target, task, expected: `column ${JSON.stringify(target)}: every row has class ${label}; a classifier needs at least two classes` };
    case 'target not in the header': {
      target = `${names.join('')}?`;
      return { text: render(table).text, target, task, expected: `target column ${JSON.stringify(target)} is not in the header` };
    }
  }
}

/** The index in `text` where field `c` of the record on line `line` starts (that record's fields hold no quotes or line ends). */
function nthField(text: string, line: number, c: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  for (let k = 0; k < c; k++) at = text.indexOf(',', at) + 1;
  return at;
}

describe('a table with one fault is refused, naming where', () => {
  const cases = generated.chain((g) =>
    fc.record({
      g: fc.constant(g),
      fault: fc.constantFrom(...FAULTS),
      r: fc.nat(g.values.length - 1),
      c: fc.nat(g.names.length - 1),
      c2: fc.nat(g.names.length - 2),
      junk: fc.constantFrom(...NOT_NUMBERS),
      label: fc.integer({ min: 0, max: LIMITS.classes - 1 }),
    }),
  );

  // 1,500 runs: about 135 per kind of fault.
  it('ragged rows, bad and empty cells, stray and unclosed quotes, bad header names, a single class, a missing target (1500 runs)', () => {
    const seen = new Set<Fault>();
    fc.assert(
      fc.property(cases, ({ g, fault, r, c, c2, junk, label }) => {
        // The rows of the planted table carry no quotes or line ends, so its fields can be found by position.
        const plain: Generated = { ...g, table: { ...g.table, rows: g.table.rows.map((row) => row.map((cell) => ({ ...cell, quoted: false }))) } };
        const p = plant(plain, fault, r, c, c2 >= c ? c2 + 1 : c2, junk, label);
        const out = read(p.text, p.target, p.task);
        if (!(out instanceof CsvDatasetError)) throw new Error(`accepted a table with a ${fault}: ${JSON.stringify(p.text)}`);
        expect(out.message, `${fault} in ${JSON.stringify(p.text)}`).toContain(p.expected);
        seen.add(fault);
      }),
      { numRuns: 1500 },
    );
    expect([...seen].sort()).toEqual([...FAULTS].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Anything at all: a consistent dataset or a CsvDatasetError.

/** The invariants of any dataset datasetFromCsv returns. */
function expectConsistent(d: Dataset, target: string): void {
  expect(d.features).toBeGreaterThanOrEqual(1);
  expect(d.samples).toBeGreaterThanOrEqual(1);
  expect(d.x.length).toBe(d.samples * d.features);
  expect(d.y.length).toBe(d.samples * d.targets);
  expect(d.featureNames).toHaveLength(d.features);
  expect(d.featureNames).not.toContain(target);
  expect(d.targetName).toBe(target);
  expect(d.x.every(Number.isFinite)).toBe(true);
  expect(d.y.every(Number.isFinite)).toBe(true);
  if (d.classes !== null) {
    expect(Number.isInteger(d.classes)).toBe(true);
    expect(d.classes).toBeGreaterThanOrEqual(2);
    expect(d.classes).toBeLessThanOrEqual(LIMITS.classes);
    expect(d.y.every((v) => Number.isInteger(v) && v >= 0 && v < d.classes!)).toBe(true);
  }
}

/** The characters CSV gives meaning to, digits and number letters, a few words and a BOM, in any order. */
const CSV_ALPHABET = fc.constantFrom(...'",\r\n 0123456789.eE+-abc', '\uFEFF');
/** Mostly whole rows (some of them bad), now and then a single character. */
const CSV_TOKENS = fc.oneof(
  { weight: 1, arbitrary: CSV_ALPHABET },
  { weight: 1, arbitrary: fc.constantFrom(',\n', '""', '"a,b"', ' 1 ', '1e5', 'x,1\n', '1,2,3\n') },
  { weight: 12, arbitrary: fc.constantFrom('1,0\n', '0,1\n', '2.5,1\r\n', '"3",0\n', ' 4 , 2 \n', '1e5,1\n', '-0,0\n', '.5,"+1"\n', '\n', ' \r\n') },
);
const TASKS = fc.constantFrom<CsvTask>('auto', 'classification', 'regression');

describe('any text becomes a consistent dataset or a CsvDatasetError', () => {
  // 1,000 runs.
  it('any Unicode string, with any target name (1000 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })), fc.constantFrom('y', 'a', '', ' ', '\uFEFF'), TASKS, (text, target, task) => {
        const out = read(text, target, task);
        if (!(out instanceof CsvDatasetError)) expectConsistent(out, target);
      }),
      { numRuns: 1000 },
    );
  });

  // 1,000 runs.
  it('strings of the CSV alphabet, with a target from it (1000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: CSV_ALPHABET, maxLength: 120 }), fc.constantFrom('a', 'b', 'c', 'e', '1', '0'), TASKS, (text, target, task) => {
        const out = read(text, target, task);
        if (!(out instanceof CsvDatasetError)) expectConsistent(out, target);
      }),
      { numRuns: 1000 },
    );
  });

  // 1,000 runs; a good share must become datasets, or the property says little about the accepted side.
  it('a header "a,b" then CSV tokens in any order (1000 runs)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom('a,b\n', '\uFEFFa,b\r\n', '"a","b"\n', 'b,a\n', '\n a , b \n'), fc.array(CSV_TOKENS, { maxLength: 12 }), TASKS, (header, tokens, task) => {
        const out = read(header + tokens.join(''), 'b', task);
        if (!(out instanceof CsvDatasetError)) {
          expectConsistent(out, 'b');
          accepted++;
        }
      }),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
