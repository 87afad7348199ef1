/**
 * Parses a webhook body as JSON, keeping Shopify's 64-bit ids exact: an
 * integer of 16 digits or more (past 2^53 a JSON number loses digits in
 * JavaScript) becomes a string, and the slice reads ids as strings anyway.
 * NUL characters, which a Postgres jsonb cannot hold, are dropped from strings.
 * @throws SyntaxError when the body is not JSON.
 * @example parseShopifyJson('{"id":820982911946154508}') // => { id: '820982911946154508' }
 */
export function parseShopifyJson(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text), (_key, value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value));
}

/** Wraps integer literals of 16 digits or more, outside strings, in quotes. */
function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const startsNumber = c === 0x2d || (c >= 0x30 && c <= 0x39);
    if (!startsNumber) continue;
    // The whole number token: digits, sign, fraction and exponent.
    let j = i + 1;
    while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
    const token = text.slice(i, j);
    if (/^-?\d{16,}$/.test(token)) {
      out += `${text.slice(from, i)}"${text.slice(i, j)}"`;
      from = j;
    }
    i = j - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
