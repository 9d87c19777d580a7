// What a typed field text means for the experiment object, and how a value is written back as text.
import { parseDecimal } from '../../core/data/csv';
import type { FieldSpec } from './fields';

/**
 * A field's text read as a value: `ok` with the value to store (undefined removes the key), or not
 * ok with `overlay`, the raw text in the value's place, which validation hands to the resolver so
 * that the field shows the resolver's own message without the experiment object changing.
 */
export type Parsed = { ok: true; value: unknown } | { ok: false; overlay: unknown };

/** Reads the text of a text-entry field (number, integer, list, text) as the value it stands for. */
export function parseFieldText(field: FieldSpec, text: string): Parsed {
  const t = text.trim();
  switch (field.kind) {
    case 'number':
    case 'integer': {
      if (t === '') return { ok: true, value: undefined };
      if (field.word !== undefined && t === field.word) return { ok: true, value: field.word };
      const v = parseDecimal(t);
      return v === null ? { ok: false, overlay: t } : { ok: true, value: v };
    }
    case 'numbers':
    case 'integers': {
      if (t === '') return { ok: true, value: [] };
      // Empty items (a trailing comma while typing "16, 16") are skipped rather than refused.
      const items = t
        .split(/[,;\s]+/)
        .filter((s) => s !== '')
        .map((s) => ({ s, v: parseDecimal(s) }));
      if (items.every((i) => i.v !== null)) return { ok: true, value: items.map((i) => i.v) };
      return { ok: false, overlay: items.map((i) => i.v ?? i.s) };
    }
    case 'text':
      // An empty name is a name; other empty texts give the key back to its default.
      return { ok: true, value: text === '' && field.path !== 'name' ? undefined : text };
    default:
      return { ok: true, value: text };
  }
}

/** Writes a stored value as field text ('' for a missing key, lists as "16, 16"). */
export function formatFieldValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => formatFieldValue(v)).join(', ');
  return String(value);
}

/** A stable key of a value, to tell whether a stored value is still the one a draft text was typed against. */
export function valueKey(value: unknown): string {
  return value === undefined ? '#undefined' : JSON.stringify(value);
}
