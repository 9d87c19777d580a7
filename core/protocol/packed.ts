/**
 * A restart result, or any plain value made of objects, arrays, strings, numbers, booleans, null,
 * undefined and Float64Arrays, packed for postMessage as one Float64Array and one string.
 *
 * Why: the structured clone of a small result object costs 15–25 µs (V8 writes every property and
 * every typed array separately, and each Float64Array in a message costs far more than its bytes),
 * and transferring a buffer costs as much again. A search restart of 1,000 steps takes 200 µs, so a
 * worker spent over 10% of its time posting. One array and one string clone in 1–2 µs, and the walk
 * that fills them costs about as much.
 *
 * Exact: every number and every Float64Array element comes back with the same value, bit for bit
 * (NaN payloads aside), including NaN, ±Infinity and −0. Float64Arrays come back as views into the one
 * unpacked array (one allocation per message), each array met twice as the same view.
 *
 * The layout: `data` holds the value as a sequence of tagged items (a tag, then what it needs);
 * `text` is the JSON of the strings the items name by index (keys and string values).
 */
export interface Packed {
  data: Float64Array;
  text: string;
}

const NULL = 0;
const UNDEFINED = 1;
const FALSE = 2;
const TRUE = 3;
const NUMBER = 4; // then the number
const STRING = 5; // then the string's index
const F64 = 6; // then the length and the elements
const ARRAY = 7; // then the length and the items
const OBJECT = 8; // then the number of keys, and for each the key's index and the value
const SEEN = 9; // then the data offset of the F64 item's length: the same Float64Array again

// pack writes here, then copies out what it wrote: allocating a typed array costs microseconds, so
// the scratch array is reused from call to call and only ever grows.
let scratch = new Float64Array(4096);

/** Packs `value`; throws, naming where, for what it cannot carry exactly (other typed arrays, maps, class instances, functions, bigints, symbols). */
export function pack(value: unknown): Packed {
  let data = scratch;
  let at = 0;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const arrays = new Map<Float64Array, number>();
  const room = (n: number) => {
    if (at + n <= data.length) return;
    const grown = new Float64Array(Math.max(2 * data.length, at + n));
    grown.set(data.subarray(0, at));
    data = scratch = grown;
  };
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
    // The keys down to the item being put, joined only for an error message.
  const path: (string | number)[] = [];
  const where = () => 'the value' + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  const put = (v: unknown): void => {
    room(3);
    switch (typeof v) {
      case 'number':
        data[at++] = NUMBER;
        data[at++] = v;
        return;
      case 'string':
        data[at++] = STRING;
        data[at++] = str(v);
        return;
      case 'boolean':
        data[at++] = v ? TRUE : FALSE;
        return;
      case 'undefined':
        data[at++] = UNDEFINED;
        return;
      case 'object':
        break;
      default:
        throw new Error(`pack cannot carry ${where()}: a ${typeof v}`);
    }
    if (v === null) {
      data[at++] = NULL;
      return;
    }
    if (v instanceof Float64Array) {
      const seen = arrays.get(v);
      if (seen !== undefined) {
        data[at++] = SEEN;
        data[at++] = seen;
        return;
      }
      room(2 + v.length);
      data[at++] = F64;
      arrays.set(v, at);
      data[at++] = v.length;
      data.set(v, at);
      at += v.length;
      return;
    }
    if (Array.isArray(v)) {
      data[at++] = ARRAY;
      data[at++] = v.length;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        put(v[i]);
        path.pop();
      }
      return;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Error(`pack cannot carry ${where()}: a ${(v as object).constructor?.name ?? 'class instance'}`);
    const keys = Object.keys(v);
    data[at++] = OBJECT;
    data[at++] = keys.length;
    for (const k of keys) {
      room(1);
      data[at++] = str(k);
      path.push(k);
      put((v as Record<string, unknown>)[k]);
      path.pop();
    }
  };
  put(value);
  return { data: data.slice(0, at), text: JSON.stringify(strings) };
}

/** The value `pack` was given; its Float64Arrays are views into `packed.data`. Throws on a malformed packing. */
export function unpack<T>(packed: Packed): T {
  const { data } = packed;
  const strings = JSON.parse(packed.text) as string[];
  const views = new Map<number, Float64Array>();
  let at = 0;
  const next = () => {
    if (at >= data.length) throw new Error('a packed value ends early');
    return data[at++]!;
  };
  const text = (i: number) => {
    const s = strings[i];
    if (s === undefined) throw new Error(`a packed value names string ${i} of ${strings.length}`);
    return s;
  };
  const count = () => {
    const n = next();
    if (!Number.isInteger(n) || n < 0 || n > data.length) throw new Error(`a packed value has a bad length ${n}`);
    return n;
  };
  const get = (): unknown => {
    const tag = next();
    switch (tag) {
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case NUMBER:
        return next();
      case STRING:
        return text(next());
      case F64: {
        const start = at;
        const n = count();
        if (at + n > data.length) throw new Error('a packed array ends early');
        const view = data.subarray(at, at + n);
        views.set(start, view);
        at += n;
        return view;
      }
      case SEEN: {
        const view = views.get(next());
        if (view === undefined) throw new Error('a packed value refers to an array it has not given');
        return view;
      }
      case ARRAY: {
        const n = count();
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = get();
        return out;
      }
      case OBJECT: {
        const n = count();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = text(next());
          const v = get();
          // A "__proto__" key is data, not the prototype.
          if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
          else out[key] = v;
        }
        return out;
      }
      default:
        throw new Error(`a packed value has an unknown tag ${tag}`);
    }
  };
  const value = get();
  if (at !== data.length) throw new Error('a packed value has data left over');
  return value as T;
}
