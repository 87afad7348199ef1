import { type Kysely, sql } from 'kysely';

// Most events come from anonymous visitors: indexing their empty user id cost
// every one of them an index insert that no query reads (lookups by user id
// name one, which the planner knows is not null).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists events_by_user`.execute(db);
  await sql`create index events_by_user on events (shop_id, user_id, timestamp) where user_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists events_by_user`.execute(db);
  await sql`create index events_by_user on events (shop_id, user_id, timestamp)`.execute(db);
}
