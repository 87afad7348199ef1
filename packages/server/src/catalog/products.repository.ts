import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewProduct, Product } from './products.table.js';

export async function insertProducts(db: Db, products: NewProduct[]): Promise<void> {
  for (let i = 0; i < products.length; i += 500) {
    await db.insertInto('products').values(products.slice(i, i + 500)).execute();
  }
}

/** The whole catalog of a shop (recommendation models keep it in memory). */
export async function listAllProducts(db: Db, shopId: string): Promise<Product[]> {
  return db.selectFrom('products').selectAll().where('shop_id', '=', shopId).execute();
}

/**
 * Inserts products, or updates those already in the catalog with every column
 * the import supplied (an import brings the latest: category, brand, regions,
 * warranty, ...); a column the import left out keeps its stored value.
 * `updated_at` moves, so that cached recommendation models reload; a product
 * whose supplied columns are all unchanged is left as it is.
 * Returns how many rows it wrote.
 * @example await upsertProducts(tx, [{ shop_id: 's1', id: 'lamp-1', name: 'Lamp', price: 49.9, category: 'Lighting' }]) // => 1
 */
export async function upsertProducts(db: Db, products: NewProduct[]): Promise<number> {
  // Rows that supply different columns go in separate statements: in one
  // multi-row insert a missing column is DEFAULT, and `excluded.<column>`
  // would overwrite the stored value with it.
  const byColumns = new Map<string, NewProduct[]>();
  for (const p of products) {
    const key = Object.keys(p).filter((k) => p[k as keyof NewProduct] !== undefined).sort().join(',');
    const group = byColumns.get(key) ?? [];
    group.push(p);
    byColumns.set(key, group);
  }
  let n = 0;
  for (const [key, group] of byColumns) {
    const columns = key.split(',').filter((c) => c !== 'shop_id' && c !== 'id' && c !== 'created_at' && c !== 'updated_at') as (keyof NewProduct & string)[];
    for (let i = 0; i < group.length; i += 500) {
      const result = await db
        .insertInto('products')
        .values(group.slice(i, i + 500))
        .onConflict((oc) =>
          oc
            .columns(['shop_id', 'id'])
            .doUpdateSet({
              ...Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])),
              updated_at: sql<Date>`now()`,
            })
            // A product that comes again unchanged (every chunk of an order import
            // names its products) is not rewritten, and its models need no reload.
            .where(sql<boolean>`(${sql.join(columns.map((c) => sql.ref(`products.${c}`)))}) is distinct from (${sql.join(columns.map((c) => sql.ref(`excluded.${c}`)))})`),
        )
        .executeTakeFirst();
      n += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return n;
}

/**
 * A fingerprint of a shop's catalog that changes whenever a product is added,
 * removed or changed: cheap to ask, so caches can reload only on change.
 */
export async function findCatalogVersion(db: Db, shopId: string): Promise<string> {
  const row = await db
    .selectFrom('products')
    .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)::text`.as('changed')])
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.changed ?? ''}`;
}
