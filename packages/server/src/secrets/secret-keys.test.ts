import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { signCustomerId, verifyCustomerSignature } from '../shops/customer-signature.js';
import { findShopById, sealShopSecrets } from '../shops/shops.repository.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { configureSecretKeys } from './secret-keys.js';

let t: DatabaseHandle;
const dir = mkdtempSync(join(tmpdir(), 'vitrina-keys-'));
const key = () => randomBytes(32).toString('base64');
const stored = async (id: string) => (await sql<{ s: string }>`select signing_secret as s from shops where id = ${id}`.execute(t.db)).rows[0]!.s;
// Every key used so far stays configured as an old one, as in a rotation, unless a test says otherwise.
const used: string[] = [];
const use = (current: string, old: string[] = used) => {
  configureSecretKeys({ env: { VITRINA_SECRET_KEY: current, VITRINA_OLD_SECRET_KEYS: old.join(',') }, databaseUrl: undefined, dataDir: 'memory://' });
  used.push(current);
};

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets at rest', () => {
  it('stores a shop\'s signing secret sealed, with its key id, and gives the rest of the server the plain one', async () => {
    use(key());
    const shop = await createShop(t.db, { name: 'Sealed' });
    const raw = await stored(shop.shop_id);
    const plain = (await findShopById(t.db, shop.shop_id))!.signing_secret;
    expect(raw).toMatch(/^sealed:v1:[0-9a-f]{16}:/);
    expect(raw).not.toContain(plain);
    expect(plain).toMatch(/^[A-Za-z0-9_-]{48}$/);
    const signature = signCustomerId({ signing_secret: plain }, 'c-1');
    expect(verifyCustomerSignature((await findShopById(t.db, shop.shop_id))!, 'c-1', signature)).toBe(true);
  });

  it('seals a secret stored in plain text before sealing existed, keeping its value', async () => {
    use(key());
    const shop = await createShop(t.db, { name: 'Legacy' });
    const plain = (await findShopById(t.db, shop.shop_id))!.signing_secret;
    await sql`update shops set signing_secret = ${plain} where id = ${shop.shop_id}`.execute(t.db);
    expect((await findShopById(t.db, shop.shop_id))!.signing_secret).toBe(plain);
    expect(await sealShopSecrets(t.db)).toBeGreaterThan(0);
    expect(await stored(shop.shop_id)).toMatch(/^sealed:v1:/);
    expect((await findShopById(t.db, shop.shop_id))!.signing_secret).toBe(plain);
  });

  it('rotates: the old key opens what it sealed, the next start seals it under the new one, and then the old key can go', async () => {
    const oldKey = key();
    const newKey = key();
    use(oldKey);
    const shop = await createShop(t.db, { name: 'Rotating' });
    const plain = (await findShopById(t.db, shop.shop_id))!.signing_secret;
    use(newKey);
    expect((await findShopById(t.db, shop.shop_id))!.signing_secret).toBe(plain);
    await sealShopSecrets(t.db);
    use(newKey, []);
    expect((await findShopById(t.db, shop.shop_id))!.signing_secret).toBe(plain);
    use(key(), []);
    await expect(findShopById(t.db, shop.shop_id)).rejects.toThrow(/not configured \(VITRINA_SECRET_KEY/);
  });

  it('does not open a sealed secret copied to another shop', async () => {
    use(key(), []);
    const a = await createShop(t.db, { name: 'A' });
    const b = await createShop(t.db, { name: 'B' });
    await sql`update shops set signing_secret = ${await stored(a.shop_id)} where id = ${b.shop_id}`.execute(t.db);
    await expect(findShopById(t.db, b.shop_id)).rejects.toThrow();
  });

  it('generates the embedded database\'s key once into its data folder, readable by its owner only', () => {
    configureSecretKeys({ env: {}, databaseUrl: undefined, dataDir: dir });
    const first = readFileSync(join(dir, 'secret.key'), 'utf8');
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    configureSecretKeys({ env: {}, databaseUrl: undefined, dataDir: dir });
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(first);
  });

  it('refuses to start on a Postgres server without a key from the environment', () => {
    expect(() => configureSecretKeys({ env: {}, databaseUrl: 'postgres://x', dataDir: dir })).toThrow(/VITRINA_SECRET_KEY is required with DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x' })).toThrow(/VITRINA_SECRET_KEY: required with DATABASE_URL/);
  });
});
