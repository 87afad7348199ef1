import type { Db } from '../db/database.js';
import type { Customer, NewCustomer } from './customers.table.js';

export async function insertCustomers(db: Db, customers: NewCustomer[]): Promise<void> {
  for (let i = 0; i < customers.length; i += 500) {
    await db.insertInto('customers').values(customers.slice(i, i + 500)).execute();
  }
}

export async function findCustomerById(db: Db, shopId: string, id: string): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

/** Inserts customer records that are not there yet; returns how many were new. */
export async function insertMissingCustomers(db: Db, customers: NewCustomer[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < customers.length; i += 500) {
    const rows = await db
      .insertInto('customers')
      .values(customers.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning('id')
      .execute();
    n += rows.length;
  }
  return n;
}

/** A customer's region, as a scalar subquery for callers that combine lookups in one round trip. */
export function selectCustomerRegion(db: Db, shopId: string, id: string) {
  return db.selectFrom('customers').select('region').where('shop_id', '=', shopId).where('id', '=', id).limit(1);
}
