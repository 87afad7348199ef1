import { type Kysely, sql } from 'kysely';

// A shopper's purchases are looked up by customer id or by the anonymous id
// the orders were placed under (recommendations, at every request).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists orders_by_anonymous on orders (shop_id, anonymous_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists orders_by_anonymous`.execute(db);
}
