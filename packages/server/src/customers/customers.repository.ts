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
