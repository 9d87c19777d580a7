/** The discriminating key of a spec object (`name`, `kind` or `type`), or "explicit" for explicit initial vectors. */
function kindOf(value: Record<string, unknown>): unknown {
  if ('name' in value) return value.name;
  if ('kind' in value) return value.kind;
  if ('type' in value) return value.type;
  if ('explicit' in value) return '#explicit';
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Applies a variant's partial override to a base spec: objects merge key by key, arrays and scalars
 * replace. An override object that names a different kind (another `name`, `kind` or `type`, or
 * explicit vectors instead of initializers and back) replaces the base object whole, so the base's
 * settings for the other kind do not leak into it. Returns a new value; inputs are not modified.
 */
export function mergeOverride(base: unknown, override: unknown): unknown {
  if (!isPlainObject(override) || !isPlainObject(base)) return override;
  const baseKind = kindOf(base);
  const overrideKind = kindOf(override);
  const switches =
    (overrideKind !== undefined && overrideKind !== baseKind) || (baseKind === '#explicit' && overrideKind !== '#explicit');
  if (switches) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = Object.hasOwn(base, key) ? mergeOverride(base[key], value) : value;
    // defineProperty, not assignment: a "__proto__" key from JSON must stay a key (and be rejected) rather than set a prototype.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
