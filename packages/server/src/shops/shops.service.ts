import type { Db } from '../db/database.js';
import { generateToken, hashKey } from './keys.js';
import { findShopByAdminKeyHash, findShopById, findShopByWriteKey, insertShop } from './shops.repository.js';
import type { Shop, ShopSettings } from './shops.table.js';

export interface CreatedShop {
  shop_id: string;
  write_key: string;
  /** Shown once: only its hash is stored. */
  admin_key: string;
}

/**
 * Creates a tenant with fresh keys.
 * @example await createShop(db, { name: 'Lantern & Co' })
 * // => { shop_id: 'shop_8Kd2...', write_key: 'wk_...', admin_key: 'ak_...' }
 */
export async function createShop(
  db: Db,
  input: { name: string; id?: string; writeKey?: string; adminKey?: string; settings?: ShopSettings },
): Promise<CreatedShop> {
  const shopId = input.id ?? generateToken('shop_', 12);
  const writeKey = input.writeKey ?? generateToken('wk_', 24);
  const adminKey = input.adminKey ?? generateToken('ak_', 40);
  await insertShop(db, {
    id: shopId,
    name: input.name,
    write_key: writeKey,
    admin_key_hash: hashKey(adminKey),
    signing_secret: generateToken('', 48),
    settings: input.settings ?? {},
  });
  return { shop_id: shopId, write_key: writeKey, admin_key: adminKey };
}

// Write keys arrive with every storefront request; a short cache spares the
// database that lookup. Keys are never rotated in place, so staleness is harmless.
const writeKeyCache = new Map<string, { shop: Shop | undefined; until: number }>();
const CACHE_MS = 30_000;

/** The shop a public write key belongs to, or undefined for an unknown key. */
export async function findShopForWriteKey(db: Db, writeKey: string): Promise<Shop | undefined> {
  const now = Date.now();
  const hit = writeKeyCache.get(writeKey);
  if (hit && hit.until > now) return hit.shop;
  const shop = await findShopByWriteKey(db, writeKey);
  if (writeKeyCache.size > 10_000) writeKeyCache.clear();
  writeKeyCache.set(writeKey, { shop, until: now + (shop ? CACHE_MS : 2_000) });
  return shop;
}

/** The shop a secret admin key belongs to, or undefined. */
export async function findShopForAdminKey(db: Db, adminKey: string): Promise<Shop | undefined> {
  return findShopByAdminKeyHash(db, hashKey(adminKey));
}

export { findShopById };
