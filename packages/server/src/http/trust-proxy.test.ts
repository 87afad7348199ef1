import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { seedServiceShop, serviceClient } from '../service-center/test-fixtures.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { startTestServer } from '../test-support/test-database.js';

// The order lookup allows 20 lookups an hour per client address. Whether a
// client can pick its address with X-Forwarded-For is the operator's setting.
async function lookupsAllowed(server: RunningServer, shop: CreatedShop, spoofed: (i: number) => string): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < 25; i++) {
    const res = await serviceClient(server.url, shop.write_key, spoofed(i)).lookup({ orderNumber: `#9${i}`, email: 'nobody@example.test' });
    if (res.status !== 429) allowed++;
  }
  return allowed;
}

describe('VITRINA_TRUST_PROXY', () => {
  let direct: RunningServer;
  let proxied: RunningServer;
  let shopDirect: CreatedShop;
  let shopProxied: CreatedShop;
  beforeAll(async () => {
    direct = await startTestServer({ env: { VITRINA_TRUST_PROXY: '' } });
    proxied = await startTestServer({ env: { VITRINA_TRUST_PROXY: 'loopback' } });
    shopDirect = await seedServiceShop(direct.database.db, 'Direct', []);
    shopProxied = await seedServiceShop(proxied.database.db, 'Proxied', []);
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('by default ignores X-Forwarded-For: a client spoofing a new address each time is still one client', async () => {
    expect(await lookupsAllowed(direct, shopDirect, (i) => `203.0.113.${i}`)).toBe(20);
  }, 60_000);

  it('believes the proxies the operator names', async () => {
    expect(await lookupsAllowed(proxied, shopProxied, (i) => `203.0.113.${i}`)).toBe(25);
  }, 60_000);
});
