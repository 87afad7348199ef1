import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { createTestDatabaseTarget, readJson, startTestServer, testDatabaseKind, testLogger, type TestDatabaseTarget } from '../test-support/test-database.js';
import { findShopById } from '../shops/shops.repository.js';
import { lookupLimits } from './lookup-limits.js';
import { LOOKUP_ANSWER_MS } from './service-center.routes.js';
import { signServiceToken } from './service-token.js';
import { annaOrders, carolOrders, seedServiceShop, serviceClient, tokenFor } from './test-fixtures.js';

let server: RunningServer;
let shopA: CreatedShop;
let shopB: CreatedShop;
/** Only for the attack from many addresses, which counts every failure on its order. */
let shopC: CreatedShop;
let ipCounter = 0;
/** A fresh client IP per test, so that the per-IP limit of one test does not leak into another. */
const freshIp = () => `198.51.${100 + (++ipCounter >> 8)}.${ipCounter & 255}`;

beforeAll(async () => {
  server = await startTestServer();
  shopA = await seedServiceShop(server.database.db, 'Shop A', annaOrders);
  shopB = await seedServiceShop(server.database.db, 'Shop B', carolOrders);
  shopC = await seedServiceShop(server.database.db, 'Shop C', carolOrders);
});
afterAll(() => server?.close());

describe('shopper lookup', () => {
  it('gives a token for the order number and its e-mail, in any letter case, that lists only that customer\'s orders', async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const res = await client.lookup({ orderNumber: '#1001', email: '  ANNA.schmidt@Example.com ' });
    expect(res.status).toBe(200);
    const session = await readJson(res);
    expect(session).toMatchObject({ level: 'customer', orderId: '1001' });
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const orders = await readJson(await client.get('/v1/service/orders', session.token));
    expect(orders.orders.map((o: { id: string }) => o.id).sort()).toEqual(['1001', '1002', '1003']);
  });

  it('shows the timeline, carrier and warranty but not the address, phone or payment before full verification', async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const token = await tokenFor(client, '1001', 'anna.schmidt@example.com');
    const res = await client.get('/v1/service/orders/1001', token);
    expect(res.status).toBe(200);
    const order = await readJson(res);
    expect(order.timeline.map((t: { status: string }) => t.status)).toEqual(['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered']);
    expect(order).toMatchObject({ status: 'delivered', carrier: 'DHL', trackingNumber: 'TRK-1001' });
    expect(order.items[0]).toMatchObject({ name: 'Sonora Wireless Headphones', serialNumbers: ['SN-HP-1'], warranty: { state: 'active', months: 24 } });
    expect(order.items[1].warranty).toEqual({ state: 'none', months: 0 });
    const text = JSON.stringify(order);
    expect(text).not.toContain('Linden');
    expect(text).not.toContain('+49');
    expect(text).not.toContain('card');
  });

  it('opens only the one order when the shopper proves it with the postal code', async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const res = await client.lookup({ orderNumber: '1002', postalCode: '80 331' });
    expect(res.status).toBe(200);
    const { token, level } = await readJson(res);
    expect(level).toBe('order');
    expect((await readJson(await client.get('/v1/service/orders', token))).orders.map((o: { id: string }) => o.id)).toEqual(['1002']);
    expect((await client.get('/v1/service/orders/1001', token)).status).toBe(404);
  });

  it('answers a missing order, a wrong e-mail and a wrong postal code identically and in the same time', async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const timed = async (body: Record<string, unknown>) => {
      const started = performance.now();
      const res = await client.lookup(body);
      return { status: res.status, body: await res.text(), ms: performance.now() - started };
    };
    // The fastest of three of each: robust to a busy machine, still telling if one path were slower.
    const fastest = async (bodies: Record<string, unknown>[]) => {
      const runs = [];
      for (const b of bodies) runs.push(await timed(b));
      return runs.sort((x, y) => x.ms - y.ms)[0]!;
    };
    const missing = await fastest(['999991', '999992', '999993'].map((orderNumber) => ({ orderNumber, email: 'anna.schmidt@example.com' })));
    const wrongEmail = await fastest([1, 2, 3].map((i) => ({ orderNumber: '1001', email: `mallory${i}@example.com` })));
    const wrongPostal = await fastest([1, 2, 3].map((i) => ({ orderNumber: '1002', postalCode: `9999${i}` })));
    expect(missing.status).toBe(404);
    expect(wrongEmail).toMatchObject({ status: missing.status, body: missing.body });
    expect(wrongPostal).toMatchObject({ status: missing.status, body: missing.body });
    expect(JSON.parse(missing.body).error.code).toBe('order_not_found');
    for (const t of [missing, wrongEmail, wrongPostal]) expect(t.ms).toBeGreaterThanOrEqual(LOOKUP_ANSWER_MS - 5);
    const spread = Math.max(missing.ms, wrongEmail.ms, wrongPostal.ms) - Math.min(missing.ms, wrongEmail.ms, wrongPostal.ms);
    expect(spread).toBeLessThan(60);
  });

  it('waits out the same floor before an error answer: a refused input, and a failure of the database itself', async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const timed = async (body: Record<string, unknown>) => {
      const started = performance.now();
      const res = await client.lookup(body);
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code, ms: performance.now() - started };
    };
    const refused = await timed({ orderNumber: '1001\u0000', email: 'anna.schmidt@example.com' });
    expect(refused).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(refused.ms).toBeGreaterThanOrEqual(LOOKUP_ANSWER_MS - 5);
    // A lookup whose first query fails (its table is gone for a moment): the 500 must not come early.
    await sql`alter table service_lookup_attempts rename to service_lookup_attempts_away`.execute(server.database.db);
    try {
      const failed = await timed({ orderNumber: '1001', email: 'anna.schmidt@example.com' });
      expect(failed).toMatchObject({ status: 500, code: 'internal' });
      expect(failed.ms).toBeGreaterThanOrEqual(LOOKUP_ANSWER_MS - 5);
    } finally {
      await sql`alter table service_lookup_attempts_away rename to service_lookup_attempts`.execute(server.database.db);
    }
    expect((await timed({ orderNumber: '1001', email: 'anna.schmidt@example.com' })).status).toBe(200);
  });
});

describe('brute-force limits', () => {
  /** The statuses of `count` lookups of one order from one address, one after another. */
  const guess = async (shop: CreatedShop, ip: string, orderNumber: string, count: number, email = (i: number) => `guess${i}@example.com`) => {
    const client = serviceClient(server.url, shop.write_key, ip);
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await client.lookup({ orderNumber, email: email(i) })).status);
    return statuses;
  };

  it('locks one address out of an order for 15 minutes after 5 failures on it, even against the right e-mail, with Retry-After', async () => {
    const stranger = freshIp();
    expect(await guess(shopA, stranger, '1004', 5)).toEqual([404, 404, 404, 404, 404]);
    const res = await serviceClient(server.url, shopA.write_key, stranger).lookup({ orderNumber: '1004', email: 'bob@example.com' });
    expect(res.status).toBe(429);
    expect((await readJson(res)).error.code).toBe('rate_limited');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The same address may still look up another order of the same shop.
    expect((await serviceClient(server.url, shopA.write_key, stranger).lookup({ orderNumber: '1002', email: 'anna.schmidt@example.com' })).status).toBe(200);
    // An order that does not exist locks the same way: the lock tells nothing either.
    expect(await guess(shopA, freshIp(), '999999', 6)).toEqual([404, 404, 404, 404, 404, 429]);
  });

  it("lets the owner in from their own address after a stranger's many wrong guesses on the order from one address", async () => {
    const stranger = freshIp();
    expect(await guess(shopA, stranger, '1004', 12)).toEqual([...Array(5).fill(404), ...Array(7).fill(429)]);
    expect((await serviceClient(server.url, shopA.write_key, freshIp()).lookup({ orderNumber: '1004', email: 'bob@example.com' })).status).toBe(200);
  });

  it('lets the owner in after wrong guesses from many addresses, while each further address gets fewer of them', async () => {
    const { order, underAttack } = lookupLimits;
    // As many failures as the order takes from all addresses before it counts as under attack, 5 per address at once.
    const strangers = Array.from({ length: order.max / lookupLimits.orderClient.max }, freshIp);
    const rounds = await Promise.all(strangers.map((ip) => guess(shopC, ip, '1001', lookupLimits.orderClient.max)));
    expect(rounds.flat().every((s) => s === 404)).toBe(true);
    // Past that, a new address gets 2 guesses on this order instead of 5...
    expect(await guess(shopC, freshIp(), '1001', underAttack.orderClientMax + 1)).toEqual([...Array(underAttack.orderClientMax).fill(404), 429]);
    // ...and the owner, from an address of their own, gets in with the right e-mail, even after one typo.
    const owner = freshIp();
    expect(await guess(shopC, owner, '1001', 1, () => 'carol@exmaple.com')).toEqual([404]);
    expect(await guess(shopC, owner, '1001', 1, () => 'carol@example.com')).toEqual([200]);
    // The strangers' addresses stay locked out of the order, the right e-mail included.
    expect(await guess(shopC, strangers[0]!, '1001', 1, () => 'carol@example.com')).toEqual([429]);
  });

  it('does not count a successful lookup as a failure', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      const res = await serviceClient(server.url, shopA.write_key, ip).lookup({ orderNumber: '1003', email: 'anna.schmidt@example.com' });
      expect(res.status).toBe(200);
    }
  });

  it('refuses the 21st lookup from one IP within an hour, guessing many orders, while other IPs go on', async () => {
    const ip = freshIp();
    const client = serviceClient(server.url, shopA.write_key, ip);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await client.lookup({ orderNumber: `77${i}`, email: 'x@example.com' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await client.lookup({ orderNumber: '1002', email: 'anna.schmidt@example.com' })).status).toBe(429);
    expect((await serviceClient(server.url, shopA.write_key, freshIp()).lookup({ orderNumber: '1002', email: 'anna.schmidt@example.com' })).status).toBe(200);
  });

  it('holds 5 failures per order and address when concurrent guesses race', async () => {
    const ip = freshIp();
    const client = serviceClient(server.url, shopB.write_key, ip);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.lookup({ orderNumber: '5001', email: `race${i}@example.com` })));
    const statuses = results.map((r) => r.status);
    // Never more than 5 get through the race (a refused racer may leave room for a later guess)...
    expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(5);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    // ...and counting the guesses that follow, exactly 5 failures are answered before the lock.
    let failures = statuses.filter((s) => s === 404).length;
    for (let i = 0; i < 6; i++) {
      const status = (await client.lookup({ orderNumber: '5001', email: `after${i}@example.com` })).status;
      if (status === 429) break;
      failures++;
    }
    expect(failures).toBe(5);
  });

  it.runIf(testDatabaseKind() === 'postgres')('counts failures across two server processes sharing one Postgres', async () => {
    const target: TestDatabaseTarget = await createTestDatabaseTarget();
    const config = { ...loadConfig({ PORT: '0', VITRINA_DEMO: '0', VITRINA_TRUST_PROXY: 'loopback' }), databaseUrl: target.databaseUrl, dataDir: target.dataDir };
    const opts = target.pgOptions ? { pgOptions: target.pgOptions } : {};
    const first = await startServer(config, testLogger, opts);
    const second = await startServer(config, testLogger, opts);
    try {
      const shop = await seedServiceShop(first.database.db, 'Two-process shop', annaOrders);
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const url = i % 2 === 0 ? first.url : second.url;
        statuses.push((await serviceClient(url, shop.write_key, ip).lookup({ orderNumber: '1001', email: `wrong${i}@example.com` })).status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
      expect((await serviceClient(second.url, shop.write_key, ip).lookup({ orderNumber: '1001', email: 'anna.schmidt@example.com' })).status).toBe(429);
      expect((await serviceClient(first.url, shop.write_key, freshIp()).lookup({ orderNumber: '1001', email: 'anna.schmidt@example.com' })).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
      await target.drop();
    }
  });
});

describe('tenant isolation', () => {
  it("never lets shop A's token read shop B's orders: 404, the same as an order that does not exist", async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const token = await tokenFor(client, '1001', 'anna.schmidt@example.com');
    const otherShop = await client.get('/v1/service/orders/5001', token);
    const nowhere = await client.get('/v1/service/orders/424242', token);
    expect(otherShop.status).toBe(404);
    expect(await otherShop.text()).toBe(await nowhere.text());
    // Both shops have an order 1001: A's token reads A's.
    const same = await readJson(await client.get('/v1/service/orders/1001', token));
    expect(same.items[0].serialNumbers).toEqual(['SN-HP-1']);
  });

  it("does not find shop B's order through shop A's write key, even with the right e-mail", async () => {
    const res = await serviceClient(server.url, shopA.write_key, freshIp()).lookup({ orderNumber: '5001', email: 'carol@example.com' });
    expect(res.status).toBe(404);
    expect((await readJson(res)).error.code).toBe('order_not_found');
  });

  it("rejects a token that names shop B but is signed with shop A's secret", async () => {
    const a = (await findShopById(server.database.db, shopA.shop_id))!;
    const forged = signServiceToken({ id: shopB.shop_id, signing_secret: a.signing_secret }, { email: 'carol@example.com', level: 'customer' });
    const res = await serviceClient(server.url, shopA.write_key, freshIp()).get('/v1/service/orders/5001', forged.token);
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('invalid_token');
  });

  it("keeps another customer's order of the same shop out of reach", async () => {
    const client = serviceClient(server.url, shopA.write_key, freshIp());
    const token = await tokenFor(client, '1001', 'anna.schmidt@example.com');
    expect((await client.get('/v1/service/orders/1004', token)).status).toBe(404);
  });

  it('asks for a token on every order route', async () => {
    const res = await fetch(`${server.url}/v1/service/orders`);
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('missing_token');
  });
});
