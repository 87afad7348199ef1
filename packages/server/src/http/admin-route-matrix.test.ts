import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMerchantUser } from '../merchant-users/merchant-users.service.js';
import { mayAccess } from '../merchant-users/role-access.js';
import { person, seedFixturePerson, seedFixtureShop } from '../privacy/test-fixtures.js';
import { ModelStore } from '../recommend/model-store.js';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { startTestServer, testLogger } from '../test-support/test-database.js';
import { createApp } from './app.js';

// Every admin route, read from the app's own router (so a new route is in the
// matrix without anyone adding it), against every kind of caller: nobody,
// staff of shop A, the owner of shop A, the owner of shop B, shop A's admin key.

interface AdminRoute {
  method: string;
  path: string;
}
interface Caller {
  name: string;
  headers: Record<string, string>;
}

function listRoutes(app: Express): AdminRoute[] {
  const out: AdminRoute[] = [];
  const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push({ method: m.toUpperCase(), path: layer.route.path });
      else if (layer.handle?.stack) walk(layer.handle.stack as never);
    }
  };
  walk((app as unknown as { router: { stack: never[] } }).router.stack);
  return out.filter((r) => typeof r.path === 'string' && r.path.startsWith('/v1/admin') && r.method !== '_ALL');
}

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;
let routes: AdminRoute[];
const ann = person('mx', 6001);
const callers: Record<'nobody' | 'staffA' | 'ownerA' | 'ownerB' | 'keyA', Caller> = {} as never;

async function sessionOf(email: string, password: string): Promise<Caller> {
  const res = await fetch(`${s.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { name: email, headers: { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken } };
}

// Shop A's own ids in each path, so that another shop's caller asks for things that exist.
const fill = (path: string) => path.replace(':key', 'claim_confirmation').replace(':locale', 'en').replace(/:id\b/, path.includes('claims') ? ann.claimId : path.includes('service-points') ? 'sp-1' : path.includes('orders') ? ann.orderId : 'cust-mx');

const send = (caller: Caller, r: AdminRoute) => fetch(`${s.url}${fill(r.path)}`, { method: r.method, headers: { ...caller.headers, ...(r.method === 'GET' ? {} : { 'content-type': 'application/json' }) }, ...(r.method === 'GET' ? {} : { body: '{}' }) });

beforeAll(async () => {
  s = await startTestServer();
  const app = createApp({ database: s.database, logger: testLogger, demo: false, publicOrigin: () => s.url, models: new ModelStore(s.database.db, testLogger), modelIntervalMinutes: 0 });
  routes = listRoutes(app);
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
  await seedFixtureShop(s.database.db, a.shop_id);
  await seedFixturePerson(s.database.db, a.shop_id, ann);
  await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'owner', email: 'owner@a.test', password: 'owner-password-a' });
  await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'staff', email: 'staff@a.test', password: 'staff-password-a' });
  await addMerchantUser(s.database.db, { shopId: b.shop_id, role: 'owner', email: 'owner@b.test', password: 'owner-password-b' });
  Object.assign(callers, {
    nobody: { name: 'nobody', headers: {} },
    staffA: await sessionOf('staff@a.test', 'staff-password-a'),
    ownerA: await sessionOf('owner@a.test', 'owner-password-a'),
    ownerB: await sessionOf('owner@b.test', 'owner-password-b'),
    keyA: { name: 'admin key', headers: { authorization: `Bearer ${a.admin_key}` } },
  });
}, 90_000);
afterAll(async () => {
  await s?.close();
});

describe('every admin route × every caller', () => {
  it('finds the admin routes in the app', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'GET', path: '/v1/admin/analytics/overview' });
  });

  it('refuses nobody with 401, and staff with 403 wherever the role list does not let them in', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      if ((await send(callers.nobody, r)).status !== 401) wrong.push(`nobody ${r.method} ${r.path}`);
      const staff = (await send(callers.staffA, r)).status;
      const allowed = mayAccess('staff', r.method, fill(r.path).split('?')[0]!);
      if (allowed ? staff === 401 || staff === 403 : staff !== 403) wrong.push(`staff ${r.method} ${r.path}: ${staff}`);
    }
    expect(wrong.join("\n"), wrong.join("\n")).toBe("");
  });

  it('lets the owner and the admin key through, and refuses a session write without its CSRF token', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      for (const c of [callers.ownerA, callers.keyA]) {
        const status = (await send(c, r)).status;
        if (status === 401 || status === 403 || status >= 500) wrong.push(`${c.name} ${r.method} ${r.path}: ${status}`);
      }
      if (r.method !== 'GET') {
        const { 'x-csrf-token': _t, ...noToken } = callers.ownerA.headers;
        const status = (await send({ name: 'owner without token', headers: noToken }, r)).status;
        if (status !== 403) wrong.push(`no CSRF ${r.method} ${r.path}: ${status}`);
      }
    }
    expect(wrong.join("\n"), wrong.join("\n")).toBe("");
  });

  it("answers shop B's owner 404 for every route that names one of shop A's things", async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.path.includes('/:id') && x.method === 'GET')) {
      const res = await send(callers.ownerB, r);
      // The recommendation preview answers for any id as a shopper of the caller's own shop
      // (an unknown one gets the new-shopper lists): B's catalog is empty, so nothing of A's can show.
      if (r.path === '/v1/admin/customers/:id/recommendations' && res.status === 200) {
        const body = JSON.stringify(await res.json());
        if (body.includes('p-hp') || body.includes('p-tea')) wrong.push(`${r.method} ${r.path}: shows shop A's products`);
        continue;
      }
      if (res.status !== 404) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong.join("\n"), wrong.join("\n")).toBe("");
  });
});
