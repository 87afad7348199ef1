import { isStorableText } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { generateToken, hashKey } from './keys.js';
import { findShopIdOfOldKey } from './key-rotations.repository.js';
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
    settings: { consentMode: 'opt-in', ...input.settings },
  });
  return { shop_id: shopId, write_key: writeKey, admin_key: adminKey };
}

// Write keys arrive with every storefront request; a short cache spares the
// database that lookup. A rotated key stays valid for its overlap (see
// key-rotation.service.ts), and an entry never outlives it; when a key is
// rotated or revoked without overlap, this process forgets it at once and
// other processes within the cache's 30 s. Unknown keys come from anyone, so
// their cache is small and drops its oldest entry first, and a key longer than
// any Vitrina makes is refused unseen: junk keys cannot grow the heap or flush
// the real shops' entries. So is one with a NUL, which no key holds and
// Postgres cannot compare.
const knownKeys = new Map<string, { shop: Shop; until: number }>();
const unknownKeys = new Map<string, number>();
const CACHE_MS = 30_000;
const UNKNOWN_MS = 2_000;
const MAX_KNOWN = 10_000;
const MAX_UNKNOWN = 1_000;
/** Longer than any write key Vitrina makes (`wk_` and 24 characters), with room for keys set by hand. */
export const MAX_WRITE_KEY_LENGTH = 100;

/** The shop a public write key belongs to, or undefined for an unknown key. */
export async function findShopForWriteKey(db: Db, writeKey: string): Promise<Shop | undefined> {
  if (writeKey.length > MAX_WRITE_KEY_LENGTH || !isStorableText(writeKey)) return undefined;
  const now = Date.now();
  const hit = knownKeys.get(writeKey);
  if (hit && hit.until > now) return hit.shop;
  const miss = unknownKeys.get(writeKey);
  if (miss !== undefined && miss > now) return undefined;
  const found = await findShopByWriteKeyOrOld(db, writeKey);
  const shop = found?.shop;
  if (found) {
    if (knownKeys.size >= MAX_KNOWN) knownKeys.delete(knownKeys.keys().next().value!);
    knownKeys.set(writeKey, { shop: found.shop, until: Math.min(now + CACHE_MS, found.until) });
  } else {
    unknownKeys.delete(writeKey);
    if (unknownKeys.size >= MAX_UNKNOWN) unknownKeys.delete(unknownKeys.keys().next().value!);
    unknownKeys.set(writeKey, now + UNKNOWN_MS);
  }
  return shop;
}

/** The shop of a current write key, or of a replaced one still in its overlap (with when that ends). */
async function findShopByWriteKeyOrOld(db: Db, writeKey: string): Promise<{ shop: Shop; until: number } | undefined> {
  const shop = await findShopByWriteKey(db, writeKey);
  if (shop) return { shop, until: Infinity };
  const old = await findShopIdOfOldKey(db, 'write', writeKey);
  const owner = old && (await findShopById(db, old.shopId));
  return owner && { shop: owner, until: old.expiresAt.getTime() };
}

/** How many write keys are cached, known and unknown (for tests of the bounds). */
export function cachedWriteKeyCounts(): { known: number; unknown: number; chars: number } {
  let chars = 0;
  for (const k of knownKeys.keys()) chars += k.length;
  for (const k of unknownKeys.keys()) chars += k.length;
  return { known: knownKeys.size, unknown: unknownKeys.size, chars };
}

/** Forgets a shop's cached write key (its shop was deleted). */
export function forgetWriteKey(writeKey: string): void {
  knownKeys.delete(writeKey);
}

/** The shop a secret admin key belongs to (the current one, or a replaced one still in its overlap), or undefined. */
export async function findShopForAdminKey(db: Db, adminKey: string): Promise<Shop | undefined> {
  const hash = hashKey(adminKey);
  const shop = await findShopByAdminKeyHash(db, hash);
  if (shop) return shop;
  const old = await findShopIdOfOldKey(db, 'admin', hash);
  return old && findShopById(db, old.shopId);
}

export { findShopById };
