import type { Db } from '../db/database.js';

/** Remembers which of our orders a Shopify order id is (a later reference names only Shopify's id). */
export async function upsertOrderRef(db: Db, shopId: string, shopifyId: string, orderId: string): Promise<void> {
  await db
    .insertInto('shopify_resources')
    .values({ shop_id: shopId, kind: 'order', shopify_id: shopifyId, vitrina_id: orderId, updated_at: null })
    .onConflict((oc) => oc.columns(['shop_id', 'kind', 'shopify_id']).doUpdateSet({ vitrina_id: orderId }))
    .execute();
}

/** Our order numbers of these Shopify order ids (those known). */
export async function findOrderIdsByShopifyIds(db: Db, shopId: string, shopifyIds: string[]): Promise<string[]> {
  if (shopifyIds.length === 0) return [];
  const rows = await db
    .selectFrom('shopify_resources')
    .select('vitrina_id')
    .where('shop_id', '=', shopId)
    .where('kind', '=', 'order')
    .where('shopify_id', 'in', shopifyIds)
    .execute();
  return rows.map((r) => r.vitrina_id);
}

/**
 * Records `updatedAt` as the product's version if it is newer than the one
 * applied and the product was not deleted; true when it was (the caller then
 * applies that version). One statement, so concurrent versions end with the newest.
 */
export async function claimProductVersion(db: Db, shopId: string, productId: string, updatedAt: Date): Promise<boolean> {
  const rows = await db
    .insertInto('shopify_resources')
    .values({ shop_id: shopId, kind: 'product', shopify_id: productId, vitrina_id: productId, updated_at: updatedAt })
    .onConflict((oc) =>
      oc
        .columns(['shop_id', 'kind', 'shopify_id'])
        .doUpdateSet({ updated_at: updatedAt })
        .where('shopify_resources.deleted', '=', false)
        .where((eb) => eb.or([eb('shopify_resources.updated_at', 'is', null), eb('shopify_resources.updated_at', '<', updatedAt)])),
    )
    .returning('shopify_id')
    .execute();
  return rows.length === 1;
}

/** Marks a product deleted for good: Shopify never reuses a product id, so no later version applies. */
export async function markProductDeleted(db: Db, shopId: string, productId: string): Promise<void> {
  await db
    .insertInto('shopify_resources')
    .values({ shop_id: shopId, kind: 'product', shopify_id: productId, vitrina_id: productId, updated_at: null, deleted: true })
    .onConflict((oc) => oc.columns(['shop_id', 'kind', 'shopify_id']).doUpdateSet({ deleted: true }))
    .execute();
}
