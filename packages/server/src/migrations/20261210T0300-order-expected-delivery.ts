import { type Kysely, sql } from 'kysely';

// The day staff expect an order to arrive, entered with its delivery status and
// shown to the shopper. A calendar day in the shop's terms, not an instant: kept
// as its ISO text (YYYY-MM-DD), which both Postgres drivers return unchanged.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table orders add column expected_delivery_on text check (expected_delivery_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table orders drop column expected_delivery_on`.execute(db);
}
