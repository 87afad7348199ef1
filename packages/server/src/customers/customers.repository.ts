import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Customer, CustomerContact, NewCustomer } from './customers.table.js';

export async function insertCustomers(db: Db, customers: NewCustomer[]): Promise<void> {
  for (let i = 0; i < customers.length; i += 500) {
    await db.insertInto('customers').values(customers.slice(i, i + 500)).execute();
  }
}

export async function findCustomerById(db: Db, shopId: string, id: string): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

/** The contact fields (e-mail, names, region) of the shop's records among `ids`; ids it has no record of are absent. */
export async function listCustomerContactsByIds(db: Db, shopId: string, ids: string[]): Promise<CustomerContact[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('customers')
    .select(['id', 'email', 'first_name', 'last_name', 'region'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids)
    .execute();
}

/** The shop's record with this e-mail, compared case-insensitively; when several share it, any one of them. */
export async function findCustomerByEmail(db: Db, shopId: string, email: string): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
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
  return db.selectFrom('customers').select('region').where('shop_id', '=', shopId).where('id', '=', id).limit(sql.lit(1));
}
