import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ItemModel } from './build-item-models.js';
import type { ModelRun, RecRule, RecRulesTable } from './recommend.table.js';
import type { Insertable } from 'kysely';

/** Replaces a shop's item models in one transaction: readers see the old set or the new one. */
export async function replaceItemModels(db: Db, shopId: string, models: ItemModel[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('rec_item_models').where('shop_id', '=', shopId).execute();
    for (let i = 0; i < models.length; i += 500) {
      await tx
        .insertInto('rec_item_models')
        .values(
          models.slice(i, i + 500).map((m) => ({
            shop_id: shopId,
            product_id: m.productId,
            buyers: m.buyers,
            recent_buyers: m.recentBuyers,
            trending: m.trending,
            viewers: m.viewers,
            median_repurchase_days: m.medianRepurchaseDays,
            // Cast from text: both drivers then pass the JSON through unchanged.
            co_purchase: sql`cast(${JSON.stringify(m.coPurchase)} as jsonb)` as unknown as string,
            co_view: sql`cast(${JSON.stringify(m.coView)} as jsonb)` as unknown as string,
          })),
        )
        .execute();
    }
  });
}

export async function findItemModels(db: Db, shopId: string): Promise<ItemModel[]> {
  const rows = await db.selectFrom('rec_item_models').selectAll().where('shop_id', '=', shopId).execute();
  return rows.map((r) => ({
    productId: r.product_id,
    buyers: r.buyers,
    recentBuyers: r.recent_buyers,
    trending: r.trending,
    viewers: r.viewers,
    medianRepurchaseDays: r.median_repurchase_days,
    coPurchase: r.co_purchase,
    coView: r.co_view,
  }));
}

export async function insertModelRun(db: Db, run: Omit<ModelRun, 'id'>): Promise<void> {
  await db.insertInto('rec_model_runs').values(run).execute();
}

export async function findLatestModelRun(db: Db, shopId: string): Promise<ModelRun | undefined> {
  return db.selectFrom('rec_model_runs').selectAll().where('shop_id', '=', shopId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listRules(db: Db, shopId: string): Promise<RecRule[]> {
  return db.selectFrom('rec_rules').selectAll().where('shop_id', '=', shopId).orderBy('id').execute();
}

export async function insertRule(db: Db, rule: Insertable<RecRulesTable>): Promise<RecRule> {
  return db.insertInto('rec_rules').values(rule).returningAll().executeTakeFirstOrThrow();
}

export async function deleteRule(db: Db, shopId: string, id: number): Promise<boolean> {
  const r = await db.deleteFrom('rec_rules').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
