import { type Kysely, sql } from 'kysely';

// A merchant's recommendation rule may hold for a period only (a sale's
// pins, a seasonal boost): from starts_at, until ends_at; either may be open.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table rec_rules add column starts_at timestamptz, add column ends_at timestamptz;
    alter table rec_rules add constraint rec_rules_period check (starts_at is null or ends_at is null or starts_at < ends_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rec_rules drop constraint rec_rules_period, drop column starts_at, drop column ends_at`.execute(db);
}
