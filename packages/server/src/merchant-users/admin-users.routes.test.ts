import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { addMerchantUser } from './merchant-users.service.js';

let s: RunningServer;
let a: CreatedShop;
let ownerId: string;

async function signIn(email: string, password: string) {
  const res = await fetch(`${s.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, 'x-csrf-token': (await readJson(res)).csrfToken as string };
}
const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  const owner = await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'owner', email: 'owner@a.test', password: 'owner-password-a' });
  if (owner.ok) ownerId = owner.user.id;
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('panel users, managed by an owner', () => {
  it('adds a staff user who can then sign in, and refuses the same e-mail twice', async () => {
    const owner = await signIn('owner@a.test', 'owner-password-a');
    const res = await call(owner, 'POST', '/v1/admin/users', { email: 'Kim@A.test', role: 'staff', password: 'kim-password-1' });
    expect(res.status).toBe(201);
    expect((await readJson(res)).user).toMatchObject({ email: 'Kim@A.test', role: 'staff' });
    expect((await call(owner, 'POST', '/v1/admin/users', { email: 'kim@a.test', role: 'owner', password: 'kim-password-2' })).status).toBe(409);
    expect((await call(owner, 'POST', '/v1/admin/users', { email: 'lee@a.test', role: 'staff', password: 'short' })).status).toBe(400);
    const kim = await signIn('kim@a.test', 'kim-password-1');
    expect((await call(kim, 'GET', '/v1/admin/users')).status).toBe(403);
    const { users } = await readJson(await call(owner, 'GET', '/v1/admin/users'));
    expect(users.map((u: { email: string; role: string }) => [u.email, u.role])).toEqual([['Kim@A.test', 'staff'], ['owner@a.test', 'owner']]);
    expect(JSON.stringify(users)).not.toContain('scrypt');
  });

  it('removes a user, whose session ends with them; never the one asking nor the last owner', async () => {
    const owner = await signIn('owner@a.test', 'owner-password-a');
    const kim = await signIn('kim@a.test', 'kim-password-1');
    const { users } = await readJson(await call(owner, 'GET', '/v1/admin/users'));
    const kimId = users.find((u: { email: string }) => u.email === 'Kim@A.test').id;
    expect((await call(owner, 'DELETE', `/v1/admin/users/${ownerId}`)).status).toBe(409);
    expect((await call({ authorization: `Bearer ${a.admin_key}` }, 'DELETE', `/v1/admin/users/${ownerId}`)).status).toBe(409);
    expect((await call(owner, 'DELETE', `/v1/admin/users/${kimId}`)).status).toBe(204);
    expect((await call(kim, 'GET', '/v1/admin/customers')).status).toBe(401);
    expect((await call(owner, 'DELETE', `/v1/admin/users/${kimId}`)).status).toBe(404);
  });
});
