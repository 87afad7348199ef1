import { describe, expect, it } from 'vitest';
import { isStorableText, storableId, storableText } from './storable-text.js';

describe('storableText', () => {
  it('refuses a NUL anywhere in the string with a message naming it', () => {
    for (const s of ['\u0000', 'a\u0000', '\u0000a', 'a\u0000b']) {
      const parsed = storableText.safeParse(s);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('must not contain NUL characters');
    }
  });

  it('takes any other text, lone surrogates included, and chains like z.string()', () => {
    expect(storableText.safeParse('a\ud800b').success).toBe(true);
    expect(storableText.trim().min(2).parse('  ab ')).toBe('ab');
    expect(storableText.max(3).safeParse('abcd').success).toBe(false);
    expect(isStorableText('Anna Schmidt')).toBe(true);
  });

  it('bounds an id to 1-200 characters', () => {
    expect(storableId.safeParse('').success).toBe(false);
    expect(storableId.safeParse('c'.repeat(200)).success).toBe(true);
    expect(storableId.safeParse('c'.repeat(201)).success).toBe(false);
  });
});
