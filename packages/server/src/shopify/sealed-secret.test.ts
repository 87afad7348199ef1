import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, secretKeyId } from './sealed-secret.js';
import { parseShopifyJson } from './shopify-json.js';

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('opens what it sealed, under the same key and context, and stores the key id beside it', () => {
    const sealed = sealSecret(key, 'shpat_0123', 'shop_1:access_token');
    expect(sealed.keyId).toBe(secretKeyId(key));
    expect(sealed.sealed).not.toContain('shpat');
    expect(openSecret(key, sealed, 'shop_1:access_token')).toBe('shpat_0123');
    // A fresh IV each time: the same token seals differently.
    expect(sealSecret(key, 'shpat_0123', 'shop_1:access_token').sealed).not.toBe(sealed.sealed);
  });

  it('refuses another key, another context and an altered value', () => {
    const sealed = sealSecret(key, 'shpat_0123', 'shop_1:access_token');
    expect(() => openSecret(randomBytes(32), sealed, 'shop_1:access_token')).toThrow(/another key/);
    expect(() => openSecret(key, sealed, 'shop_2:access_token')).toThrow();
    expect(() => openSecret(key, sealed, 'shop_1:refresh_token')).toThrow();
    const raw = Buffer.from(sealed.sealed, 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => openSecret(key, { ...sealed, sealed: raw.toString('base64') }, 'shop_1:access_token')).toThrow();
  });
});

describe('parseShopifyJson', () => {
  it('keeps 64-bit ids exact as strings and leaves other numbers alone', () => {
    expect(parseShopifyJson('{"id":820982911946154508,"ids":[9007199254740993, 12],"price":1.2345678901234567,"n":-5,"s":"820982911946154508\\"x"}')).toEqual({
      id: '820982911946154508',
      ids: ['9007199254740993', 12],
      price: 1.2345678901234567,
      n: -5,
      s: '820982911946154508"x',
    });
  });
});
