import { type Kysely, sql } from 'kysely';

// Where an order came from. Only orders the shop itself vouches for (its
// importer, its staff) prove a shopper's identity in the service center;
// orders from public tracking events ('Order Completed', sent with the public
// write key from any browser) feed analytics only. Rows already stored came
// from the importer or the demo seed. New rows default to the untrusted
// 'event', so a writer that forgets to say where an order came from fails safe.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders add column source text not null default 'import'`.execute(db);
  await sql`alter table orders alter column source set default 'event'`.execute(db);
  await sql`alter table orders add constraint orders_source_known check (source in ('event', 'import', 'admin'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop column source`.execute(db);
}
