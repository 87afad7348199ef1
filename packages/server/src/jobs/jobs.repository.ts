import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ScheduledJob } from './jobs.table.js';

/** A lease's length in SQL, from milliseconds. */
const millis = (ms: number) => sql`make_interval(secs => ${ms}::double precision / 1000)`;

/**
 * Adds a job's row, or updates its interval, without postponing a run that is
 * due: an existing `next_run_at` is kept, only brought forward to one new
 * interval from now when the interval shrank. A new job is due after
 * `firstRunInMs` (0: at once).
 * @example await upsertScheduledJob(db, { name: 'event-maintenance', intervalMs: 21_600_000, firstRunInMs: 0 })
 */
export async function upsertScheduledJob(db: Db, job: { name: string; intervalMs: number; firstRunInMs: number }): Promise<void> {
  await sql`
    insert into scheduled_jobs (name, interval_ms, next_run_at)
    values (${job.name}, ${job.intervalMs}, now() + ${millis(job.firstRunInMs)})
    on conflict (name) do update
       set interval_ms = excluded.interval_ms,
           next_run_at = least(scheduled_jobs.next_run_at, now() + ${millis(job.intervalMs)}),
           updated_at = now()`.execute(db);
}

/**
 * Leases the job due longest among `leaseMsByName`'s (at most one): due, and
 * no lease held or the holder's run out. A row another process is claiming
 * at this moment is skipped. Its `next_run_at` is the scheduled time of the
 * run it starts.
 */
export async function claimDueJob(db: Db, owner: string, leaseMsByName: Record<string, number>): Promise<ScheduledJob | undefined> {
  const names = Object.keys(leaseMsByName);
  if (names.length === 0) return undefined;
  const { rows } = await sql<ScheduledJob>`
    update scheduled_jobs j
       set lease_owner = ${owner},
           lease_until = now() + make_interval(secs => (${JSON.stringify(leaseMsByName)}::jsonb ->> j.name)::double precision / 1000),
           last_started_at = now(), updated_at = now()
     where j.name = (select name from scheduled_jobs
                      where next_run_at <= now() and (lease_until is null or lease_until < now()) and name = any(${names}::text[])
                      order by next_run_at
                      limit 1
                      for update skip locked)
    returning j.*`.execute(db);
  return rows[0];
}

/** Leases one job whether or not it is due (a run asked for now), unless someone holds it. */
export async function claimJob(db: Db, owner: string, name: string, leaseMs: number): Promise<ScheduledJob | undefined> {
  const { rows } = await sql<ScheduledJob>`
    update scheduled_jobs j
       set lease_owner = ${owner}, lease_until = now() + ${millis(leaseMs)}, last_started_at = now(), updated_at = now()
     where j.name = (select name from scheduled_jobs
                      where name = ${name} and (lease_until is null or lease_until < now())
                      for update skip locked)
    returning j.*`.execute(db);
  return rows[0];
}

/** The heartbeat: extends the lease if `owner` still holds it; false when it was lost. */
export async function extendJobLease(db: Db, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_jobs')
    .set({ lease_until: sql`now() + ${millis(leaseMs)}` })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records a successful run and schedules the next one interval from now, if `owner` still holds the lease. */
export async function markJobSucceeded(db: Db, name: string, owner: string): Promise<boolean> {
  const { rows } = await sql`
    update scheduled_jobs
       set runs = runs + 1, attempts = 0, last_error = null,
           next_run_at = now() + make_interval(secs => interval_ms::double precision / 1000),
           lease_owner = null, lease_until = null, last_finished_at = now(),
           last_duration_ms = (extract(epoch from now() - last_started_at) * 1000)::integer, updated_at = now()
     where name = ${name} and lease_owner = ${owner}
    returning name`.execute(db);
  return rows.length > 0;
}

/**
 * Records a failed run, if `owner` still holds the lease: one more failure in
 * a row, due again after `retryBaseMs * 2^(failures before)`, at most the
 * job's interval or `retryMaxMs`. Returns the failures in a row and the retry
 * time, or undefined when the lease was lost.
 */
export async function markJobFailed(
  db: Db,
  name: string,
  owner: string,
  error: string,
  retry: { retryBaseMs: number; retryMaxMs: number },
): Promise<{ attempts: number; nextRunAt: Date } | undefined> {
  const { rows } = await sql<{ attempts: number; next_run_at: Date }>`
    update scheduled_jobs
       set attempts = attempts + 1, last_error = ${error},
           next_run_at = now() + make_interval(secs => least(interval_ms, ${retry.retryMaxMs}, ${retry.retryBaseMs} * power(2, least(attempts, 30)))::double precision / 1000),
           lease_owner = null, lease_until = null, last_finished_at = now(),
           last_duration_ms = (extract(epoch from now() - last_started_at) * 1000)::integer, updated_at = now()
     where name = ${name} and lease_owner = ${owner}
    returning attempts, next_run_at`.execute(db);
  const row = rows[0];
  return row ? { attempts: row.attempts, nextRunAt: row.next_run_at } : undefined;
}

/** Hands a lease back without recording a run (a runner stopping mid-run): the job stays due when it was. */
export async function releaseJobLease(db: Db, name: string, owner: string): Promise<boolean> {
  const r = await db
    .updateTable('scheduled_jobs')
    .set({ lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Every job's row with whether its lease holds now (by the database's clock), by name. */
export async function listScheduledJobs(db: Db): Promise<(ScheduledJob & { running: boolean })[]> {
  const { rows } = await sql<ScheduledJob & { running: boolean }>`
    select *, coalesce(lease_owner is not null and lease_until >= now(), false) as running
      from scheduled_jobs order by name`.execute(db);
  return rows;
}

/** How many jobs have failed at least `attempts` times in a row. */
export async function countFailingJobs(db: Db, attempts: number): Promise<number> {
  const row = await db.selectFrom('scheduled_jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('attempts', '>=', attempts).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes a job's row (a job this deployment no longer runs), so that its old state shows nowhere. */
export async function deleteScheduledJob(db: Db, name: string): Promise<void> {
  await db.deleteFrom('scheduled_jobs').where('name', '=', name).execute();
}
