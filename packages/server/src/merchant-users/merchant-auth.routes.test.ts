import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, seedFixturePerson, seedFixtureShop } from '../privacy/test-fixtures.js';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { deleteLoginFailures, insertLoginFailure } from './login-failures.repository.js';
import { ACCOUNT_LIMIT, PAIR_LIMIT } from './login-limits.js';
import { findMerchantUserByEmail } from './merchant-users.repository.js';
import { addMerchantUser } from './merchant-users.service.js';

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;
const ann = person('ann', 5001);
const owner = { email: 'owner@a.test', password: 'owner-password-a' };
const staff = { email: 'staff@a.test', password: 'staff-password-a' };
const ownerB = { email: 'owner@b.test', password: 'owner-password-b' };

interface Session {
  cookie: string;
  csrf: string;
  setCookies: string[];
}

const login = (body: Record<string, unknown>, opts: { ip?: string; cookie?: string } = {}) =>
  fetch(`${s.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    body: JSON.stringify(body),
  });

async function signIn(who: { email: string; password: string }, ip = '198.51.100.1', cookie?: string): Promise<Session> {
  const res = await login(who, { ip, ...(cookie ? { cookie } : {}) });
  expect(res.status).toBe(200);
  const setCookies = res.headers.getSetCookie();
  return { cookie: setCookies.map((c) => c.split(';')[0]).join('; '), csrf: (await readJson(res)).csrfToken, setCookies };
}

const call = (session: Session | undefined, method: string, path: string, opts: { csrf?: boolean; body?: unknown } = {}) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: {
      ...(session ? { cookie: session.cookie } : {}),
      ...(session && opts.csrf ? { 'x-csrf-token': session.csrf } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
  await seedFixtureShop(s.database.db, a.shop_id);
  await seedFixturePerson(s.database.db, a.shop_id, ann);
  await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'owner', ...owner });
  await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'staff', ...staff });
  await addMerchantUser(s.database.db, { shopId: b.shop_id, role: 'owner', ...ownerB });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('panel sign-in', () => {
  it('signs an owner in with an HttpOnly, SameSite=Strict session cookie the admin API accepts', async () => {
    const session = await signIn(owner);
    const sessionCookie = session.setCookies.find((c) => c.startsWith('vitrina_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Strict/);
    expect(sessionCookie).not.toMatch(/Secure/);
    const me = await readJson(await call(session, 'GET', '/admin/api/session'));
    expect(me).toMatchObject({ user: { email: owner.email, role: 'owner' }, shop: { id: a.shop_id, name: 'A', currency: 'EUR' }, csrfToken: session.csrf });
    const customers = await readJson(await call(session, 'GET', '/v1/admin/customers'));
    expect(customers.customers.map((c: { email: string }) => c.email)).toContain(ann.email.toLowerCase());
  });

  it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
    for (const body of [{ ...owner, password: 'not-the-password' }, { email: 'nobody@a.test', password: 'whatever-it-is' }]) {
      const res = await login(body, { ip: '198.51.100.2' });
      expect(res.status).toBe(401);
      expect((await readJson(res)).error.code).toBe('invalid_credentials');
    }
    expect((await login({ email: 'x@y.z' })).status).toBe(400);
  });

  it(`stops an address after ${PAIR_LIMIT} wrong passwords, while the owner still signs in from another`, async () => {
    for (let i = 0; i < PAIR_LIMIT; i++) expect((await login({ ...owner, password: `guess-${i}-wrong` }, { ip: '203.0.113.66' })).status).toBe(401);
    const refused = await login(owner, { ip: '203.0.113.66' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    await signIn(owner, '198.51.100.7');
  });

  it('lets the owner\'s own browser in from an address a stranger has spent (one proxy in front of both)', async () => {
    const known = await signIn(owner, '198.51.100.30');
    const device = known.setCookies.find((c) => c.startsWith('vitrina_device='))!.split(';')[0]!;
    for (let i = 0; i < PAIR_LIMIT; i++) expect((await login({ ...owner, password: `proxy-guess-${i}` }, { ip: '10.0.0.1' })).status).toBe(401);
    expect((await login(owner, { ip: '10.0.0.1' })).status).toBe(429);
    await signIn(owner, '10.0.0.1', device);
  });

  it(`caps a user at ${ACCOUNT_LIMIT} wrong passwords from all addresses, except in a browser that signed in as them before`, async () => {
    const known = await signIn(owner, '198.51.100.8');
    const device = known.setCookies.find((c) => c.startsWith('vitrina_device='))!.split(';')[0]!;
    const user = (await findMerchantUserByEmail(s.database.db, a.shop_id, owner.email))!;
    for (let i = 0; i < ACCOUNT_LIMIT; i++) await insertLoginFailure(s.database.db, a.shop_id, user.id, `192.0.2.${i}`, new Date());
    expect((await login(owner, { ip: '198.51.100.9' })).status).toBe(429);
    // The owner's own browser, even from a new address.
    await signIn(owner, '198.51.100.10', device);
    // Another user's device cookie does not count for this one.
    const other = await signIn(ownerB, '198.51.100.11');
    const otherDevice = other.setCookies.find((c) => c.startsWith('vitrina_device='))!.split(';')[0]!;
    expect((await login(owner, { ip: '198.51.100.12', cookie: otherDevice })).status).toBe(429);
    await deleteLoginFailures(s.database.db, a.shop_id, user.id, {});
  });

  it('marks the cookies Secure when the public URL is https', async () => {
    const tls = await startTestServer({ env: { VITRINA_PUBLIC_URL: 'https://panel.example' } });
    try {
      const shop = await createShop(tls.database.db, { name: 'T' });
      await addMerchantUser(tls.database.db, { shopId: shop.shop_id, role: 'owner', email: 'o@t.test', password: 'tls-password-1' });
      const res = await fetch(`${tls.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'o@t.test', password: 'tls-password-1' }) });
      expect(res.headers.getSetCookie().every((c) => /; Secure$/.test(c))).toBe(true);
    } finally {
      await tls.close();
    }
  });
});

describe('panel sessions on the admin API', () => {
  it('refuses a write through a session without its CSRF token, and takes it with the token', async () => {
    const session = await signIn(owner, '198.51.100.20');
    const body = { eventRetentionDays: 400 };
    for (const headers of [{}, { 'x-csrf-token': 'forged' }] as Record<string, string>[]) {
      const res = await fetch(`${s.url}/v1/admin/privacy/retention`, { method: 'PUT', headers: { cookie: session.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect(res.status).toBe(403);
      expect((await readJson(res)).error.code).toBe('csrf_token_invalid');
    }
    expect((await call(session, 'PUT', '/v1/admin/privacy/retention', { csrf: true, body })).status).toBe(200);
    // The admin key, which a browser never sends by itself, needs no token.
    const res = await fetch(`${s.url}/v1/admin/privacy/retention`, { method: 'PUT', headers: { authorization: `Bearer ${a.admin_key}`, 'content-type': 'application/json' }, body: JSON.stringify({ eventRetentionDays: null }) });
    expect(res.status).toBe(200);
  });

  it('lets staff read customers and claims and refuses them everything else', async () => {
    const session = await signIn(staff, '198.51.100.21');
    const list = await readJson(await call(session, 'GET', '/v1/admin/customers'));
    expect((await call(session, 'GET', `/v1/admin/customers/${list.customers[0].id}`)).status).toBe(200);
    expect((await call(session, 'GET', '/v1/admin/service/claims')).status).toBe(200);
    for (const [method, path] of [['GET', '/v1/admin/jobs'], ['GET', `/v1/admin/customers/export?email=${encodeURIComponent(ann.email)}`], ['GET', '/v1/admin/privacy/retention'], ['POST', '/v1/admin/customers/erase']] as const) {
      const res = await call(session, method, path, { csrf: true, ...(method === 'POST' ? { body: { email: ann.email } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await readJson(res)).error.code).toBe('forbidden_for_role');
    }
  });

  it("gives shop B's owner 404 for shop A's customer and claim", async () => {
    const list = await readJson(await fetch(`${s.url}/v1/admin/customers`, { headers: { authorization: `Bearer ${a.admin_key}` } }));
    const session = await signIn(ownerB, '198.51.100.22');
    expect((await call(session, 'GET', `/v1/admin/customers/${list.customers[0].id}`)).status).toBe(404);
    expect((await call(session, 'GET', `/v1/admin/service/claims/${ann.claimId}`)).status).toBe(404);
    expect((await readJson(await call(session, 'GET', '/v1/admin/customers'))).customers).toEqual([]);
  });

  it('ends a session at sign-out (which needs the CSRF token too); the old cookie is refused after', async () => {
    const session = await signIn(owner, '198.51.100.23');
    expect((await call(session, 'POST', '/admin/api/logout')).status).toBe(403);
    expect((await call(session, 'POST', '/admin/api/logout', { csrf: true })).status).toBe(204);
    expect((await call(session, 'GET', '/admin/api/session')).status).toBe(401);
    const res = await call(session, 'GET', '/v1/admin/customers');
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('session_expired');
    expect((await call({ cookie: 'vitrina_session=nonsense', csrf: '', setCookies: [] }, 'GET', '/v1/admin/customers')).status).toBe(401);
  });
});
