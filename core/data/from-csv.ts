import { LIMITS } from '../experiment/limits';
import type { Dataset } from './dataset';
import { CsvSyntaxError, parseCsv, parseDecimal, separatorHint } from './csv';

/** What a CSV dataset's target column means. */
export type CsvTask = 'auto' | 'classification' | 'regression';

/** A CSV file that cannot be a dataset; the message names the line or column. */
export class CsvDatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvDatasetError';
  }
}

const MAX_REPORTED = 5;

/**
 * Builds a dataset from CSV text: a header row, then one sample per row. The `target` column is the
 * label (classification: integer class indices 0..k-1) or the value to fit (regression); every other
 * column is a feature, in file order. `auto` picks classification when every target is an integer
 * from 0 to 99, regression otherwise. Throws CsvDatasetError naming the first problems found.
 */
export function datasetFromCsv(text: string, target: string, task: CsvTask): Dataset {
  let table;
  try {
    table = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new CsvDatasetError(e.message);
    throw e;
  }
  const { header, headerLine, rows, lines } = table;
  const seen = new Set<string>();
  header.forEach((name, c) => {
    if (name === '') throw new CsvDatasetError(`line ${headerLine}: column ${c + 1} has an empty name`);
    if (seen.has(name)) throw new CsvDatasetError(`line ${headerLine}: column name ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  });
  const targetColumn = header.indexOf(target);
  if (targetColumn < 0) {
    throw new CsvDatasetError(`target column ${JSON.stringify(target)} is not in the header (${separatorHint(header) ?? `columns: ${header.join(', ')}`})`);
  }
  if (header.length < 2) throw new CsvDatasetError('expected at least one feature column besides the target');
  if (header.length - 1 > LIMITS.features) {
    throw new CsvDatasetError(`${header.length - 1} feature columns; the limit is ${LIMITS.features}`);
  }
  if (rows.length < 1) throw new CsvDatasetError('no data rows after the header');
  if (rows.length > LIMITS.samples) throw new CsvDatasetError(`${rows.length} rows; the limit is ${LIMITS.samples}`);

  const features = header.length - 1;
  const x = new Float64Array(rows.length * features);
  const y = new Float64Array(rows.length);
  const errors: string[] = [];
  let bad = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < row.length; c++) {
      const v = parseDecimal(row[c]!);
      if (v === null) {
        bad++;
        if (errors.length < MAX_REPORTED) {
          const cell = row[c]!.trim();
          errors.push(`line ${lines[r]}, column ${JSON.stringify(header[c])}: expected a number, found ${cell === '' ? 'an empty cell' : JSON.stringify(cell.length > 30 ? `${cell.slice(0, 27)}...` : cell)}`);
        }
        continue;
      }
      if (c === targetColumn) y[r] = v;
      else x[r * features + (c < targetColumn ? c : c - 1)] = v;
    }
  }
  if (bad > 0) throw new CsvDatasetError(errors.join('; ') + (bad > errors.length ? `; and ${bad - errors.length} more bad cells` : ''));

  // auto: class indices look like small non-negative integers; anything else is a number to fit.
  const labelLike = y.every((v) => Number.isInteger(v) && v >= 0 && v < LIMITS.classes);
  const classification = task === 'classification' || (task === 'auto' && labelLike);
  let classes: number | null = null;
  if (classification) {
    for (let r = 0; r < rows.length; r++) {
      const v = y[r]!;
      if (!Number.isInteger(v) || v < 0) {
        throw new CsvDatasetError(`line ${lines[r]}, column ${JSON.stringify(target)}: expected a class index (0, 1, 2, ...), found ${rows[r]![targetColumn]!.trim()}`);
      }
    }
    const max = y.reduce((m, v) => Math.max(m, v), 0);
    if (max + 1 > LIMITS.classes) throw new CsvDatasetError(`column ${JSON.stringify(target)}: class index ${max}; the limit is ${LIMITS.classes} classes`);
    const distinct = new Set(y).size;
    if (distinct < 2) {
      const hint = task === 'auto' ? ' (set "task": "regression" to fit it as a number)' : '';
      throw new CsvDatasetError(`column ${JSON.stringify(target)}: every row has class ${y[0]}; a classifier needs at least two classes${hint}`);
    }
    classes = max + 1;
  }
  return {
    x,
    y,
    samples: rows.length,
    features,
    targets: 1,
    classes,
    featureNames: header.filter((_, c) => c !== targetColumn),
    targetName: target,
  };
}
