import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { SealedSecret } from './sealed-secret.js';
import type { ShopifyShop } from './shopify.table.js';

export interface SealedTokens {
  scopes: string;
  accessToken: SealedSecret;
  accessTokenExpiresAt: Date | null;
  refreshToken: SealedSecret | null;
  refreshTokenExpiresAt: Date | null;
}

const tokenColumns = (t: SealedTokens) => ({
  scopes: t.scopes,
  access_token: t.accessToken.sealed,
  access_token_key_id: t.accessToken.keyId,
  access_token_expires_at: t.accessTokenExpiresAt,
  refresh_token: t.refreshToken?.sealed ?? null,
  refresh_token_key_id: t.refreshToken?.keyId ?? null,
  refresh_token_expires_at: t.refreshTokenExpiresAt,
});

export async function findShopifyShopByDomain(db: Db, domain: string): Promise<ShopifyShop | undefined> {
  return db.selectFrom('shopify_shops').selectAll().where('myshopify_domain', '=', domain).executeTakeFirst();
}

/** The row, locked until the transaction ends (an install and a reinstall of one domain take turns). */
export async function findShopifyShopByDomainForUpdate(db: Db, domain: string): Promise<ShopifyShop | undefined> {
  return db.selectFrom('shopify_shops').selectAll().where('myshopify_domain', '=', domain).forUpdate().executeTakeFirst();
}

export async function findShopifyShopByShopId(db: Db, shopId: string): Promise<ShopifyShop | undefined> {
  return db.selectFrom('shopify_shops').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
}

/** Links a new Vitrina shop to its domain; false when the domain is linked already (a concurrent install). */
export async function insertShopifyShop(db: Db, shopId: string, domain: string, tokens: SealedTokens): Promise<boolean> {
  const rows = await db
    .insertInto('shopify_shops')
    .values({ shop_id: shopId, myshopify_domain: domain, status: 'active', installed_at: new Date(), uninstalled_at: null, ...tokenColumns(tokens) })
    .onConflict((oc) => oc.column('myshopify_domain').doNothing())
    .returning('shop_id')
    .execute();
  return rows.length === 1;
}

/** A (re)install: active again, installed now, the new tokens. */
export async function reactivateShopifyShop(db: Db, shopId: string, tokens: SealedTokens): Promise<void> {
  await db
    .updateTable('shopify_shops')
    .set({ status: 'active', installed_at: new Date(), uninstalled_at: null, ...tokenColumns(tokens), updated_at: sql<Date>`now()` })
    .where('shop_id', '=', shopId)
    .execute();
}

/**
 * Marks the shop uninstalled and deletes its tokens, unless it was installed
 * again after `at` (an `app/uninstalled` delivered after a reinstall).
 * Returns whether it changed the row.
 */
export async function markShopifyShopUninstalled(db: Db, shopId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('shopify_shops')
    .set({
      status: 'uninstalled',
      uninstalled_at: at,
      access_token: null,
      access_token_key_id: null,
      access_token_expires_at: null,
      refresh_token: null,
      refresh_token_key_id: null,
      refresh_token_expires_at: null,
      updated_at: sql<Date>`now()`,
    })
    .where('shop_id', '=', shopId)
    .where('installed_at', '<=', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
