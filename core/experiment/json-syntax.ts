import { MAX_JSON_DEPTH } from './limits';

/**
 * Finds the first JSON syntax error in `text` (RFC 8259): its offset and what is wrong, or null if the
 * text is valid JSON. JSON.parse's own messages do not always give a position, and people editing
 * experiment files by hand need one. With `duplicates`, a key given twice in one object is an error
 * too (JSON.parse silently keeps the last, so an edit to the first would be lost).
 */
export function findJsonSyntaxError(text: string, duplicates = false): { offset: number; reason: string } | null {
  let i = 0;
  const n = text.length;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const fail = (reason: string, at = i): never => {
    throw new Stop(at, reason);
  };
  const describe = (at: number) => {
    if (at >= n) return 'the end of the file';
    const c = text.codePointAt(at)!;
    // Invisible characters (controls, a stray byte-order mark, undecodable bytes) by their code point.
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xfeff || c === 0xfffd || (c >= 0x200b && c <= 0x200f)) {
      return `U+${c.toString(16).toUpperCase().padStart(4, '0')} (an invisible character)`;
    }
    return JSON.stringify(String.fromCodePoint(c));
  };
  const unexpected = (at: number) =>
    at < n ? `unexpected ${describe(at)}` : text.trim() === '' || text === '\ufeff' ? 'the file is empty (expected a JSON object)' : 'the file ends before the JSON value is complete';
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(unexpected(i));
  };
  const string = () => {
    const start = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a control character (such as a line break) inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`an unknown escape \\${e ?? ''}`);
      } else i++;
    }
    fail('a string is never closed', start);
  };
  // Sticky (matches at i only, over the whole text): a number may be any length.
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const number = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null || m[0] === '' || m[0] === '-') fail(unexpected(i));
    i += m![0].length;
  };
  let depth = 0;
  const value = (): void => {
    space();
    const c = text[i];
    if ((c === '{' || c === '[') && ++depth > MAX_JSON_DEPTH) {
      fail(`objects and arrays nested more than ${MAX_JSON_DEPTH} deep (the limit; an experiment needs fewer than 10)`);
    }
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      const keys = new Map<string, number>();
      for (;;) {
        space();
        if (text[i] !== '"') fail(text[i] === '}' ? 'a comma before "}"' : `expected a quoted key, found ${describe(i)}`);
        const keyAt = i;
        string();
        if (duplicates) {
          const key = JSON.parse(text.slice(keyAt, i)) as string;
          const first = keys.get(key);
          if (first !== undefined) fail(`the key ${JSON.stringify(key)} appears twice in one object (first at ${position(text, first)}); JSON would keep only the last: remove one`, keyAt);
          keys.set(key, keyAt);
        }
        space();
        if (text[i] !== ':') fail(`expected ":" after a key, found ${describe(i)}`);
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return;
        }
        fail(`expected "," or "}", found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      for (;;) {
        space();
        if (text[i] === ']') fail('a comma before "]"');
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return;
        }
        fail(`expected "," or "]", found ${describe(i)}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(unexpected(i));
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    space();
    if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
}

/** "line L, column C" (1-based) of offset `at` in `text`. */
export function position(text: string, at: number): string {
  const before = text.slice(0, at);
  return `line ${before.split('\n').length}, column ${at - before.lastIndexOf('\n')}`;
}
