/**
 * Writes JSON the lab's way: every number in its shortest round-trip form (so parsing gives back the
 * same double), -0 kept as -0, and NaN, Infinity and -Infinity (which JSON cannot hold) written as
 * the strings "NaN", "Infinity" and "-Infinity". Typed arrays are written as arrays. Objects are
 * indented; arrays of numbers, strings and nulls stay on one line.
 */
export function toJson(value: unknown, indent = 2): string {
  return write(value, '', indent) + '\n';
}

/**
 * toJson's text in pieces, for a large value written over several tasks: the pieces joined are
 * exactly toJson(value, indent). Objects and arrays of objects are opened, walked and closed piece
 * by piece; everything else (numbers, strings, typed arrays, flat arrays) is one piece.
 */
export function* toJsonChunks(value: unknown, indent = 2): Generator<string> {
  yield* jsonChunksAt(value, '', indent);
  yield '\n';
}

/** The pieces of `value` written as toJson writes it inside a value indented by `pad` (no final newline). */
export function* jsonChunksAt(value: unknown, pad: string, indent: number): Generator<string> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) {
    yield write(value, pad, indent);
    return;
  }
  const inner = pad + ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0 || isFlat(value)) {
      yield write(value, pad, indent);
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield (i > 0 ? ',\n' : '') + inner;
      yield* jsonChunksAt(value[i], inner, indent);
    }
    yield `\n${pad}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${i > 0 ? ',\n' : ''}${inner}${JSON.stringify(k)}: `;
    yield* jsonChunksAt(v, inner, indent);
  }
  yield `\n${pad}}`;
}

/** A number as the lab writes it in JSON. */
export function jsonNumber(v: number): string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Reads back a number written by toJson: a JSON number, or one of the strings "NaN", "Infinity", "-Infinity". */
export function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new TypeError(`expected a number, found ${JSON.stringify(v)}`);
}

function isFlat(items: ArrayLike<unknown>): boolean {
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

function write(value: unknown, pad: string, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = value as unknown as ArrayLike<number>;
    const parts = new Array<string>(items.length);
    for (let i = 0; i < items.length; i++) parts[i] = jsonNumber(items[i]!);
    return `[${parts.join(', ')}]`;
  }
  const inner = pad + ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (isFlat(value)) return `[${value.map((v) => write(v, inner, indent)).join(', ')}]`;
    return `[\n${value.map((v) => inner + write(v, inner, indent)).join(',\n')}\n${pad}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner, indent)}`).join(',\n')}\n${pad}}`;
}
