/** A CSV file split into a header and rows of raw (unparsed) fields. */
export interface CsvTable {
  header: string[];
  /** The 1-based line the header starts on (after any blank lines), for error messages. */
  headerLine: number;
  rows: string[][];
  /** The 1-based line each row starts on, for error messages. */
  lines: number[];
}

/** A CSV syntax error at a line (1-based). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Splits RFC 4180 CSV text (comma-separated, optional byte-order mark, CRLF or LF line ends, fields
 * optionally in double quotes with "" for a quote) into a header and rows. Blank lines are skipped.
 * Throws CsvSyntaxError for an unterminated quote, text after a closing quote, or a row whose field
 * count differs from the header's.
 */
export function parseCsv(text: string): CsvTable {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  const records: string[][] = [];
  const lines: number[] = [];
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let quoted = false;
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        quoted = true;
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(next)} after a closing quote`);
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text[i]!;
          if (c === ',' || c === '\n' || c === '\r') break;
          if (c === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
          i++;
        }
        field = text.slice(start, i);
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    const blank = fields.length === 1 && !quoted && fields[0]!.trim() === '';
    if (!blank) {
      records.push(fields);
      lines.push(startLine);
    }
  }
  if (records.length === 0) throw new CsvSyntaxError(1, 'the file is empty (expected a header row)');
  const header = records[0]!.map((h) => h.trim());
  for (let r = 1; r < records.length; r++) {
    if (records[r]!.length !== header.length) {
      const fields = (k: number) => `${k} field${k === 1 ? '' : 's'}`;
      const hint = separatorHint(header);
      throw new CsvSyntaxError(lines[r]!, `expected ${fields(header.length)} as in the header, found ${records[r]!.length}${hint === null ? '' : ` (${hint})`}`);
    }
  }
  return { header, headerLine: lines[0]!, rows: records.slice(1), lines: lines.slice(1) };
}

/**
 * When a one-column header holds semicolons or tabs, the file was most likely written with another
 * separator (a spreadsheet in a locale with decimal commas): says so, for a message; else null.
 */
export function separatorHint(header: string[]): string | null {
  if (header.length !== 1) return null;
  const sep = header[0]!.includes(';') ? 'semicolons' : header[0]!.includes('\t') ? 'tabs' : null;
  return sep === null ? null : `the header is one column: the file seems to separate columns with ${sep}; save it with commas, and decimal points`;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a decimal number written in plain or exponent form; anything else (including "", "NaN", "0x1") is null. */
export function parseDecimal(field: string): number | null {
  const t = field.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
