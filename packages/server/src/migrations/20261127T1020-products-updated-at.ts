import { type Kysely, sql } from 'kysely';

// When a product last changed: the recommendation models in every process
// reload the catalog only when this moves (or products are added).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table products add column updated_at timestamptz not null default now()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table products drop column updated_at`.execute(db);
}
