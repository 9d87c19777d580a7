import { describe, expect, it } from 'vitest';
import { CsvDatasetError, datasetFromCsv, type CsvTask } from '../../../core/data/from-csv';

/** The CsvDatasetError message for `text`; fails if it becomes a dataset. */
function errorOf(text: string, target = 'y', task: CsvTask = 'auto'): string {
  try {
    datasetFromCsv(text, target, task);
  } catch (e) {
    if (e instanceof CsvDatasetError) return e.message;
    throw e;
  }
  throw new Error('expected the CSV to be refused');
}

describe('datasetFromCsv: the header', () => {
  it('passes CSV syntax errors on with their line', () => {
    expect(errorOf('a,y\n1,0\n2\n')).toBe('line 3: expected 2 fields as in the header, found 1');
  });

  it('says when a file seems to separate its columns with semicolons or tabs, not commas', () => {
    const hint = (sep: string) => `the header is one column: the file seems to separate columns with ${sep}; save it with commas, and decimal points`;
    expect(errorOf('x1;x2;y\n1;2;0\n3;4;1\n')).toBe(`target column "y" is not in the header (${hint('semicolons')})`);
    expect(errorOf('x1\tx2\ty\n1\t2\t0\n')).toBe(`target column "y" is not in the header (${hint('tabs')})`);
    expect(errorOf('x1;y\n1,5;0\n')).toBe(`line 2: expected 1 field as in the header, found 2 (${hint('semicolons')})`);
    expect(errorOf('x1,x2\n1,2\n')).toBe('target column "y" is not in the header (columns: x1, x2)');
  });

  it('refuses an empty file', () => {
    expect(errorOf('')).toBe('line 1: the file is empty (expected a header row)');
  });

  it('refuses a header without rows', () => {
    expect(errorOf('a,y\n')).toBe('no data rows after the header');
  });

  it('refuses a duplicate column name', () => {
    expect(errorOf('a,b,a,y\n1,2,3,0\n')).toBe('line 1: column name "a" appears twice');
  });

  it('refuses an empty column name, counting columns from 1', () => {
    expect(errorOf('a, ,y\n1,2,0\n')).toBe('line 1: column 2 has an empty name');
  });

  // Found by test/robustness/csv.property.test.ts: both header errors said "line 1" even when blank
  // lines came before the header.
  it('names the header\'s own line when blank lines come before it', () => {
    expect(errorOf('\n  \r\n\na,b,a,y\n1,2,3,0\n')).toBe('line 4: column name "a" appears twice');
    expect(errorOf('\uFEFF\n\na,,y\n1,2,0\n')).toBe('line 3: column 2 has an empty name');
  });

  it('refuses a missing target column, listing the columns', () => {
    expect(errorOf('a,b,label\n1,2,0\n', 'y')).toBe('target column "y" is not in the header (columns: a, b, label)');
  });

  it('refuses more feature columns than the limit', () => {
    const names = Array.from({ length: 1001 }, (_, i) => `f${i}`);
    expect(errorOf(`${names.join(',')},y\n${names.map(() => '0').join(',')},0\n`)).toBe('1001 feature columns; the limit is 1000');
  });

  it('refuses a file whose only column is the target', () => {
    expect(errorOf('y\n0\n1\n')).toBe('expected at least one feature column besides the target');
  });
});

describe('datasetFromCsv: the cells', () => {
  it('refuses a non-numeric cell, naming its line and column', () => {
    expect(errorOf('a,b,y\n1,2,0\n3,x,1\n')).toBe('line 3, column "b": expected a number, found "x"');
  });

  it('refuses an empty cell', () => {
    expect(errorOf('a,b,y\n1,,0\n')).toBe('line 2, column "b": expected a number, found an empty cell');
  });

  it('refuses a non-numeric target cell', () => {
    expect(errorOf('a,y\n1,cat\n')).toBe('line 2, column "y": expected a number, found "cat"');
  });

  it('shortens a long bad cell to 27 characters and an ellipsis', () => {
    expect(errorOf(`a,y\n${'x'.repeat(40)},0\n`)).toBe(`line 2, column "a": expected a number, found "${'x'.repeat(27)}..."`);
  });

  it('lists the first five bad cells and counts the rest', () => {
    const rows = ['a,b,y', 'p,q,0', '1,r,1', 's,,0', 't,u,v'];
    expect(errorOf(rows.join('\n'))).toBe(
      [
        'line 2, column "a": expected a number, found "p"',
        'line 2, column "b": expected a number, found "q"',
        'line 3, column "b": expected a number, found "r"',
        'line 4, column "a": expected a number, found "s"',
        'line 4, column "b": expected a number, found an empty cell',
        'and 3 more bad cells',
      ].join('; '),
    );
  });

  it('has no tail when exactly five cells are bad', () => {
    expect(errorOf('a,b,c,d,e,y\np,q,r,s,t,0\n')).toBe(
      ['a', 'b', 'c', 'd', 'e'].map((c, i) => `line 2, column "${c}": expected a number, found "${'pqrst'[i]}"`).join('; '),
    );
  });

  it.each(['NaN', 'Infinity', '-Infinity', '0x1F'])('refuses %s', (cell) => {
    expect(errorOf(`a,y\n${cell},0\n1,1\n`)).toBe(`line 2, column "a": expected a number, found ${JSON.stringify(cell)}`);
  });

  it('reads numbers with surrounding spaces, quotes and exponents', () => {
    const d = datasetFromCsv('a,b,y\n 1.5 ,"2e-1",0\n-3,+.25,1\n', 'y', 'auto');
    expect(Array.from(d.x)).toEqual([1.5, 0.2, -3, 0.25]);
  });
});

describe('datasetFromCsv: the task', () => {
  it('detects classification from non-negative integer labels', () => {
    const d = datasetFromCsv('a,y\n0.5,0\n1.5,2\n2.5,1\n3.5,2\n', 'y', 'auto');
    expect(d.classes).toBe(3);
    expect(Array.from(d.y)).toEqual([0, 2, 1, 2]);
    expect(d.targets).toBe(1);
  });

  it('counts classes as the largest index plus one, even with a class unused', () => {
    expect(datasetFromCsv('a,y\n1,0\n2,3\n', 'y', 'auto').classes).toBe(4);
  });

  it('detects regression from a fractional target', () => {
    const d = datasetFromCsv('a,y\n1,0\n2,1\n3,1.5\n', 'y', 'auto');
    expect(d.classes).toBeNull();
    expect(Array.from(d.y)).toEqual([0, 1, 1.5]);
  });

  it('detects regression from a negative integer target', () => {
    expect(datasetFromCsv('a,y\n1,0\n2,-1\n', 'y', 'auto').classes).toBeNull();
  });

  it('follows an explicit regression task even for integer labels', () => {
    expect(datasetFromCsv('a,y\n1,0\n2,1\n', 'y', 'regression').classes).toBeNull();
  });

  it('follows an explicit classification task', () => {
    const d = datasetFromCsv('a,y\n1,1\n2,0\n', 'y', 'classification');
    expect(d.classes).toBe(2);
    expect(Array.from(d.y)).toEqual([1, 0]);
  });

  it('refuses a fractional label under an explicit classification task', () => {
    expect(errorOf('a,y\n1,0\n2, 1.5\n', 'y', 'classification')).toBe('line 3, column "y": expected a class index (0, 1, 2, ...), found 1.5');
  });

  it('refuses a single class, suggesting regression when the task was inferred', () => {
    expect(errorOf('a,y\n1,1\n2,1\n3,1\n')).toBe('column "y": every row has class 1; a classifier needs at least two classes (set "task": "regression" to fit it as a number)');
    expect(errorOf('a,y\n1,1\n2,1\n', 'y', 'classification')).toBe('column "y": every row has class 1; a classifier needs at least two classes');
  });

  it('refuses more classes than the limit under an explicit classification task', () => {
    expect(errorOf('a,y\n1,0\n2,100\n', 'y', 'classification')).toBe('column "y": class index 100; the limit is 100 classes');
  });

  it('reads integer targets of 100 or more as a regression target under auto', () => {
    const d = datasetFromCsv('a,y\n1,0\n2,100\n3,250\n', 'y', 'auto');
    expect(d.classes).toBeNull();
    expect(Array.from(d.y)).toEqual([0, 100, 250]);
  });
});

describe('datasetFromCsv: the features', () => {
  it.each([
    ['first', 'y,a,b,c\n0,1,2,3\n1,4,5,6\n'],
    ['in the middle', 'a,b,y,c\n1,2,0,3\n4,5,1,6\n'],
    ['last', 'a,b,c,y\n1,2,3,0\n4,5,6,1\n'],
  ])('keeps file order with the target removed when it is %s', (_, text) => {
    const d = datasetFromCsv(text, 'y', 'auto');
    expect(d.featureNames).toEqual(['a', 'b', 'c']);
    expect(d.features).toBe(3);
    expect(d.samples).toBe(2);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(d.y)).toEqual([0, 1]);
    expect(d.targetName).toBe('y');
  });

  it('uses the trimmed header to find the target', () => {
    expect(datasetFromCsv(' a , label \n1,0\n2,1\n', 'label', 'auto').featureNames).toEqual(['a']);
  });
});
