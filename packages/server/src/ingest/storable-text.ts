/**
 * Postgres cannot store U+0000 in text or jsonb ("unsupported Unicode escape
 * sequence"), nor a lone UTF-16 surrogate in jsonb. Such characters carry no
 * meaning in shop data, so they are removed from property, context and trait
 * strings; an id holding one is refused instead (see prepareBatch), because a
 * changed id would no longer de-duplicate retries.
 */
// eslint-disable-next-line no-control-regex
const nul = /\u0000/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * False when no string of the JSON text, once parsed, can hold a character
 * Postgres refuses: valid JSON carries NUL and UTF-16 surrogates only as
 * `\u` escapes (a decoded UTF-8 body has none of its own), so a text
 * without an escape of NUL or a surrogate needs no check string by string.
 * @example jsonMayHoldUnstorableChars('{"a":"x\\u0000"}') // => true
 */
export function jsonMayHoldUnstorableChars(jsonText: string): boolean {
  return unstorableEscape.test(jsonText);
}
const unstorableEscape = /\\u(?:0000|[dD][89a-fA-F])/;

/** True when the string would be refused by Postgres as it is. */
export function hasUnstorableChars(s: string): boolean {
  if (s.includes('\u0000')) return true;
  loneSurrogate.lastIndex = 0;
  return loneSurrogate.test(s);
}

/**
 * The string without NUL characters and with lone surrogates replaced by U+FFFD.
 * @example toStorableString('a\u0000b') // => 'ab'
 */
export function toStorableString(s: string): string {
  return hasUnstorableChars(s) ? s.replace(nul, '').replace(loneSurrogate, '\uFFFD') : s;
}

/**
 * A JSON value with every string and key made storable. Returns the value
 * itself when nothing had to change, so clean events cost one walk and no copy.
 * @example toStorableJson({ note: 'x\u0000' }) // => { note: 'x' }
 */
export function toStorableJson<T>(value: T): T {
  if (typeof value === 'string') return toStorableString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const c = toStorableJson(v);
      if (c !== v) (copy ??= value.slice())[i] = c;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    const c = toStorableJson(v);
    const key = toStorableString(k);
    if (c !== v || key !== k) {
      copy ??= { ...(value as Record<string, unknown>) };
      if (key !== k) delete copy[k];
      copy[key] = c;
    }
  }
  return (copy ?? value) as T;
}
