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
