import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { createShop, type CreatedShop } from './shops.service.js';

let s: RunningServer;
let shop: CreatedShop;
beforeAll(async () => {
  s = await startTestServer();
  shop = await createShop(s.database.db, { name: 'Consent' });
});
afterAll(() => s?.close());

const admin = (method: string, body?: unknown) =>
  fetch(`${s.url}/v1/admin/settings/consent`, {
    method,
    headers: { authorization: `Bearer ${shop.admin_key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('the shop consent mode', () => {
  it('is opt-in for a new shop, served publicly and cacheably to its storefront', async () => {
    const res = await fetch(`${s.url}/v1/config?writeKey=${shop.write_key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await readJson(res)).toEqual({ consent: 'opt-in' });
    expect((await fetch(`${s.url}/v1/config?writeKey=wk_nope`)).status).toBe(401);
  });

  it('is the merchant\'s to change, and refuses a mode that does not exist', async () => {
    expect(await readJson(await admin('PUT', { consentMode: 'opt-out' }))).toEqual({ consentMode: 'opt-out' });
    expect((await admin('PUT', { consentMode: 'maybe' })).status).toBe(400);
    expect(await readJson(await admin('GET'))).toEqual({ consentMode: 'opt-out' });
  });
});

describe('the allowed storefront origins', () => {
  const origins = (method: string, body?: unknown, key = shop.admin_key) =>
    fetch(`${s.url}/v1/admin/settings/allowed-origins`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const track = (writeKey: string, from?: string) =>
    fetch(`${s.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { origin: from } : {}) },
      body: JSON.stringify({ writeKey, batch: [{ type: 'track', event: 'Origin Check', messageId: crypto.randomUUID(), anonymousId: 'origin-check', timestamp: new Date().toISOString() }] }),
    });

  it('lists none for a new shop, keeps the ones set (as origins, once each), and the public API then refuses other origins', async () => {
    // A shop of its own: its write key is not yet in the server's 30-second cache.
    const fresh = await createShop(s.database.db, { name: 'Origins' });
    expect(await readJson(await origins('GET', undefined, fresh.admin_key))).toEqual({ origins: [] });
    const set = await origins('PUT', { origins: ['https://Shop.Example/', 'https://shop.example', 'http://localhost:8080'] }, fresh.admin_key);
    expect(await readJson(set)).toEqual({ origins: ['https://shop.example', 'http://localhost:8080'] });
    expect((await track(fresh.write_key, 'https://shop.example')).status).toBe(200);
    expect((await track(fresh.write_key, 'https://elsewhere.example')).status).toBe(403);
    // Servers send no Origin: they pass, the list is for other sites' pages.
    expect((await track(fresh.write_key)).status).toBe(200);
  });

  it('clears the list with an empty one, and refuses what is not an origin', async () => {
    await origins('PUT', { origins: ['https://a.example'] });
    expect(await readJson(await origins('PUT', { origins: [] }))).toEqual({ origins: [] });
    const rows = await s.database.db.selectFrom('shops').select('settings').where('id', '=', shop.shop_id).executeTakeFirstOrThrow();
    expect(rows.settings.allowedOrigins).toBeUndefined();
    for (const bad of ['shop.example', 'https://shop.example/cart', 'ftp://shop.example', 'https://user:pw@shop.example', 'https://shop.example?x=1']) {
      const res = await origins('PUT', { origins: [bad] });
      expect(res.status, bad).toBe(400);
    }
    expect((await origins('PUT', { origins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example`) })).status).toBe(400);
  });
});
