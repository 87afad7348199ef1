import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMerchantUser } from '../merchant-users/merchant-users.service.js';
import type { RunningServer } from '../server.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { createShop, type CreatedShop } from './shops.service.js';

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;

const withKey = (key: string, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
const send = (writeKey: string) =>
  fetch(`${s.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey, batch: [{ type: 'track', event: 'Key Check', messageId: randomUUID(), anonymousId: 'key-check', timestamp: new Date().toISOString() }] }) });
const rotate = (adminKey: string, kind: 'write' | 'admin', graceHours: number) => withKey(adminKey, 'POST', '/v1/admin/keys/rotate', { kind, graceHours });

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('rotating a shop\'s keys', () => {
  it('gives a new write key, shown once, while the old one works until its overlap ends', async () => {
    expect((await send(a.write_key)).status).toBe(200);
    const res = await rotate(a.admin_key, 'write', 24);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await readJson(res);
    expect(body.key).toMatch(/^wk_[0-9A-Za-z]{24}$/);
    expect(new Date(body.oldKeyValidUntil).getTime() - new Date(body.rotatedAt).getTime()).toBeCloseTo(24 * 3_600_000, -4);
    expect((await send(body.key)).status).toBe(200);
    expect((await send(a.write_key)).status).toBe(200);
    const keys = await readJson(await withKey(a.admin_key, 'GET', '/v1/admin/keys'));
    expect(keys.writeKey).toBe(body.key);
    expect(keys.rotations).toEqual([expect.objectContaining({ kind: 'write', actor: 'admin_key', oldWriteKey: a.write_key })]);
    // Ending the overlap stops the old key at once (this process forgets its cached entry).
    const revoked = await readJson(await withKey(a.admin_key, 'POST', '/v1/admin/keys/revoke-old', { kind: 'write' }));
    expect(revoked).toEqual({ kind: 'write', revoked: 1 });
    expect((await send(a.write_key)).status).toBe(401);
    expect((await send(body.key)).status).toBe(200);
    a.write_key = body.key;
  });

  it('stops the old write key at once when the overlap is 0, cached or not', async () => {
    expect((await send(a.write_key)).status).toBe(200);
    const { key } = await readJson(await rotate(a.admin_key, 'write', 0));
    expect((await send(a.write_key)).status).toBe(401);
    expect((await send(key)).status).toBe(200);
    a.write_key = key;
  });

  it('stops an old key when its overlap runs out', async () => {
    const { key } = await readJson(await rotate(a.admin_key, 'write', 1));
    await sql`update shop_key_rotations set old_key_expires_at = now() - interval '1 second' where shop_id = ${a.shop_id} and old_key = ${a.write_key}`.execute(s.database.db);
    expect((await send(a.write_key)).status).toBe(401);
    a.write_key = key;
  });

  it('rotates the admin key: the new one works, the old one during its overlap, then not after revoke-old', async () => {
    const { key, kind } = await readJson(await rotate(a.admin_key, 'admin', 2));
    expect(kind).toBe('admin');
    expect(key).toMatch(/^ak_[0-9A-Za-z]{40}$/);
    expect((await withKey(key, 'GET', '/v1/admin/keys')).status).toBe(200);
    expect((await withKey(a.admin_key, 'GET', '/v1/admin/keys')).status).toBe(200);
    // Only the hash was stored: the list never shows an admin key, old or new.
    const listed = JSON.stringify(await readJson(await withKey(key, 'GET', '/v1/admin/keys')));
    expect(listed).not.toContain(key);
    expect(listed).not.toContain(a.admin_key);
    expect((await withKey(key, 'POST', '/v1/admin/keys/revoke-old', { kind: 'admin' })).status).toBe(200);
    expect((await withKey(a.admin_key, 'GET', '/v1/admin/keys')).status).toBe(401);
    a.admin_key = key;
  });

  it('records who rotated which key when, newest first: a panel owner by e-mail, a script as admin_key', async () => {
    await addMerchantUser(s.database.db, { shopId: a.shop_id, role: 'owner', email: 'owner@keys.test', password: 'owner-password-keys' });
    const login = await fetch(`${s.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@keys.test', password: 'owner-password-keys' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await fetch(`${s.url}/v1/admin/keys/rotate`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'admin', graceHours: 0 }) });
    expect(res.status).toBe(201);
    const { key } = await readJson(res);
    expect((await withKey(a.admin_key, 'GET', '/v1/admin/keys')).status).toBe(401);
    const { rotations } = await readJson(await withKey(key, 'GET', '/v1/admin/keys'));
    expect(rotations.map((r: { kind: string; actor: string }) => `${r.kind} ${r.actor}`)).toEqual(['admin owner@keys.test', 'admin admin_key', 'write admin_key', 'write admin_key', 'write admin_key']);
    a.admin_key = key;
  });

  it("refuses a bad request, and leaves another shop's keys alone", async () => {
    for (const body of [{ kind: 'write' }, { kind: 'secret', graceHours: 1 }, { kind: 'write', graceHours: 721 }, { kind: 'admin', graceHours: 1.5 }]) {
      expect((await withKey(a.admin_key, 'POST', '/v1/admin/keys/rotate', body)).status).toBe(400);
    }
    expect((await send(b.write_key)).status).toBe(200);
    expect((await withKey(b.admin_key, 'GET', '/v1/admin/keys')).status).toBe(200);
    expect((await readJson(await withKey(b.admin_key, 'GET', '/v1/admin/keys'))).rotations).toEqual([]);
  });
});
