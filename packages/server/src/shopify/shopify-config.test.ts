import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SHOPIFY_SCOPES, loadConfig } from '../config.js';

const key = randomBytes(32).toString('base64');
const app = { SHOPIFY_API_KEY: 'client-id-123', SHOPIFY_API_SECRET: 'shpss_0123456789abcdef', VITRINA_SECRET_KEY: key, VITRINA_PUBLIC_URL: 'https://vitrina.example/' };

describe('Shopify configuration', () => {
  it('is off without a key and a secret', () => {
    expect(loadConfig({})).toMatchObject({ shopify: undefined, secretKey: undefined });
  });

  it('reads the app, its scopes and the secret key', () => {
    const c = loadConfig({ ...app, SHOPIFY_SCOPES: 'read_orders,read_products' });
    expect(c.shopify).toEqual({ apiKey: 'client-id-123', apiSecret: 'shpss_0123456789abcdef', scopes: ['read_orders', 'read_products'], appUrl: 'https://vitrina.example', adminOriginOverride: undefined });
    expect(c.secretKey).toEqual(Buffer.from(key, 'base64'));
    expect(loadConfig(app).shopify!.scopes).toEqual(DEFAULT_SHOPIFY_SCOPES.split(','));
  });

  it('names what is missing or malformed', () => {
    const fails = (env: Record<string, string>, message: RegExp) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    };
    fails({ SHOPIFY_API_KEY: app.SHOPIFY_API_KEY }, /SHOPIFY_API_SECRET: must be set with SHOPIFY_API_KEY/);
    fails({ SHOPIFY_API_SECRET: app.SHOPIFY_API_SECRET }, /SHOPIFY_API_KEY: must be set with SHOPIFY_API_SECRET/);
    fails({ ...app, VITRINA_SECRET_KEY: '' }, /VITRINA_SECRET_KEY: required with SHOPIFY_API_KEY/);
    fails({ ...app, VITRINA_PUBLIC_URL: '' }, /VITRINA_PUBLIC_URL: required with SHOPIFY_API_KEY/);
    fails({ ...app, VITRINA_SECRET_KEY: randomBytes(16).toString('base64') }, /VITRINA_SECRET_KEY=.*32 random bytes in base64/);
    fails({ ...app, SHOPIFY_SCOPES: 'read orders' }, /SHOPIFY_SCOPES=.*comma-separated access scopes/);
  });
});
