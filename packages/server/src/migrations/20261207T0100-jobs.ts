import { type Kysely, sql } from 'kysely';

// The background jobs' schedule and leases (see jobs/job-runner.ts). These are
// global jobs over all shops (event partitions and retention, the models'
// rebuild), so the table has no shop_id: the tenancy rule that a shop's rows
// lead with shop_id is about rows a shop owns, and a scheduled job is not a
// shop's row. One row per job, claimed by one process at a time through
// lease_owner/lease_until; a lease that runs out (a process that died) makes
// the job due for another.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scheduled_jobs (
      name text primary key,
      interval_ms bigint not null check (interval_ms > 0),
      next_run_at timestamptz not null default now(),
      lease_owner text,
      lease_until timestamptz,
      attempts integer not null default 0,
      runs bigint not null default 0,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_duration_ms integer,
      last_error text,
      updated_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table scheduled_jobs`.execute(db);
}
