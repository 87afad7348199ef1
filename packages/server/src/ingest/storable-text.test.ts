import { describe, expect, it } from 'vitest';
import { hasUnstorableChars, jsonMayHoldUnstorableChars, toStorableJson } from './storable-text.js';

describe('jsonMayHoldUnstorableChars', () => {
  it('finds the escapes of NUL and of surrogates, in either case', () => {
    for (const text of ['{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"a":"\\uDFFF"}', '{"\\uD83D\\uDE00":1}']) expect(jsonMayHoldUnstorableChars(text)).toBe(true);
  });

  it('passes JSON whose escapes and characters are all storable, emoji included', () => {
    for (const text of ['{"a":"caf\\u00e9 \\n \\"q\\""}', '{"a":"😀 ü"}', '{"a":"\\u20ac"}']) expect(jsonMayHoldUnstorableChars(text)).toBe(false);
  });

  it('never passes a body whose parsed strings hold a NUL or a lone surrogate', () => {
    const alphabet = ['a', '\u0000', '\ud800', '\udc00', '😀', '\\', 'u', '0', '"', 'é'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % alphabet.length;
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 1 + (i % 6) }, () => alphabet[next()]).join('');
      const text = JSON.stringify({ [s]: [s, { s }] });
      if (!jsonMayHoldUnstorableChars(text)) {
        expect(hasUnstorableChars(s)).toBe(false);
        const parsed: unknown = JSON.parse(text);
        expect(toStorableJson(parsed)).toBe(parsed);
      }
    }
  });
});
