import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, parseDecimal } from '../../../core/data/csv';

/** The CsvSyntaxError `text` raises; fails if it parses. */
function syntaxErrorOf(text: string): CsvSyntaxError {
  try {
    parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a CSV syntax error');
}

describe('parseCsv', () => {
  it('splits a header and rows, remembering the line each row starts on', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual({ header: ['a', 'b'], headerLine: 1, rows: [['1', '2'], ['3', '4']], lines: [2, 3] });
  });

  it('reads a last row without a final line end', () => {
    expect(parseCsv('a,b\n1,2').rows).toEqual([['1', '2']]);
  });

  it('drops a byte-order mark, even before a quoted first name', () => {
    // A quoted first field shows the mark is dropped, not merely trimmed off the name as whitespace.
    expect(parseCsv('\uFEFF"a",b\n1,2\n').header).toEqual(['a', 'b']);
  });

  it('trims header names but keeps fields raw', () => {
    expect(parseCsv(' a , b\n 1 ,2\n')).toEqual({ header: ['a', 'b'], headerLine: 1, rows: [[' 1 ', '2']], lines: [2] });
  });

  it('reads quoted fields holding commas and doubled quotes', () => {
    expect(parseCsv('a,b\n"1,5","say ""hi"""\n').rows).toEqual([['1,5', 'say "hi"']]);
  });

  it('reads a quoted field across a line end and counts its lines', () => {
    expect(parseCsv('a,b\n"x\ny",1\n2,3\n')).toEqual({ header: ['a', 'b'], headerLine: 1, rows: [['x\ny', '1'], ['2', '3']], lines: [2, 4] });
  });

  it('reads an empty quoted field as empty', () => {
    expect(parseCsv('a,b\n"",2\n').rows).toEqual([['', '2']]);
  });

  it('accepts CRLF line ends', () => {
    expect(parseCsv('a,b\r\n1,2\r\n"3",4\r\n')).toEqual({ header: ['a', 'b'], headerLine: 1, rows: [['1', '2'], ['3', '4']], lines: [2, 3] });
  });

  it('skips blank and whitespace-only lines but keeps counting them, before the header too', () => {
    expect(parseCsv('\na,b\n\n1,2\n   \r\n\n3,4\n\n')).toEqual({ header: ['a', 'b'], headerLine: 2, rows: [['1', '2'], ['3', '4']], lines: [4, 7] });
  });

  it('keeps a line holding only an empty quoted field: it is a (ragged) row, not a blank line', () => {
    expect(syntaxErrorOf('a,b\n1,2\n""\n').message).toBe('line 3: expected 2 fields as in the header, found 1');
  });

  it('gives a header-only file no rows', () => {
    expect(parseCsv('a,b\n')).toEqual({ header: ['a', 'b'], headerLine: 1, rows: [], lines: [] });
  });

  it('refuses an empty file', () => {
    expect(syntaxErrorOf('').message).toBe('line 1: the file is empty (expected a header row)');
  });

  it('refuses a file of blank lines and a byte-order mark', () => {
    expect(syntaxErrorOf('\uFEFF\n  \n\r\n').message).toBe('line 1: the file is empty (expected a header row)');
  });

  it('refuses an unterminated quote, naming the line it opens on', () => {
    const e = syntaxErrorOf('a,b\n1,2\n"open,3\n4,5\n');
    expect(e.message).toBe('line 3: a quoted field is never closed');
    expect(e.line).toBe(3);
    expect(e.name).toBe('CsvSyntaxError');
  });

  it('refuses text after a closing quote', () => {
    expect(syntaxErrorOf('a,b\n"1"x,2\n').message).toBe('line 2: unexpected "x" after a closing quote');
  });

  it('refuses a quote inside an unquoted field', () => {
    expect(syntaxErrorOf('a,b\n1,2\n3,4"5\n').message).toBe(
      'line 3: a quote inside an unquoted field (quote the whole field and double the quote)',
    );
  });

  it('refuses a row with fewer fields than the header, naming its line and both counts', () => {
    const e = syntaxErrorOf('a,b,c\n1,2,3\n\n4,5\n');
    expect(e.message).toBe('line 4: expected 3 fields as in the header, found 2');
    expect(e.line).toBe(4);
  });

  it('refuses a row with more fields than the header', () => {
    expect(syntaxErrorOf('a,b\n1,2,\n').message).toBe('line 2: expected 2 fields as in the header, found 3');
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['+.5', 0.5],
    ['3.', 3],
    ['1e3', 1000],
    ['-1.5E-2', -0.015],
    ['  7  ', 7],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each(['', '   ', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '0x10', '0b1', '0o7', '1e', '.', '1,5', '1_000', '1e400', 'abc', '--1'])(
    'refuses %j',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );
});
