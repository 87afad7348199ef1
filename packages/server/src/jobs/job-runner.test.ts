import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createTestDatabaseTarget, openTestDatabase, testDatabaseKind, testLogger, type TestDatabaseTarget } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { startJobRunner, type JobContext, type JobRunner } from './job-runner.js';
import { jobsHealthy, listJobStatuses, retireJob } from './jobs.service.js';

let t: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3_600_000;
const row = (name: string) => t.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
const statusOf = async (name: string) => (await listJobStatuses(t.db)).find((j) => j.name === name);
/** Milliseconds from when the last run ended to when the job is due next (both the database's clock, one statement). */
const gapOf = async (name: string) => {
  const r = await row(name);
  return r.next_run_at.getTime() - r.last_finished_at!.getTime();
};

describe(`the job runner (${testDatabaseKind()} database)`, () => {
  let runner: JobRunner | undefined;
  afterAll(() => runner?.stop());

  it('runs a due job once and schedules its next run one interval after it ended', async () => {
    const seen: JobContext[] = [];
    runner = startJobRunner({ db: t.db, logger: testLogger, pollMs: 20, jobs: [{ name: 'once', intervalMs: HOUR, run: async (ctx) => void seen.push(ctx) }] });
    await waitUntil(async () => (await row('once').catch(() => undefined))?.runs === 1);
    await sleep(200);
    await runner.stop();

    expect(seen).toHaveLength(1);
    const r = await row('once');
    expect(r).toMatchObject({ runs: 1, attempts: 0, last_error: null, lease_owner: null, lease_until: null });
    expect(r.next_run_at.getTime() - r.last_finished_at!.getTime()).toBe(HOUR);
    expect(seen[0]!.scheduledAt.getTime()).toBeLessThanOrEqual(r.last_started_at!.getTime());
    expect(seen[0]!.signal.aborted).toBe(false);
    expect(await statusOf('once')).toMatchObject({ name: 'once', intervalMs: HOUR, runs: 1, attempts: 0, running: false, lastError: null, failing: false });
    await retireJob(t.db, 'once');
  });

  it('keeps an existing schedule when a job is registered again, and brings it forward when the interval shrank', async () => {
    await t.db.insertInto('scheduled_jobs').values({ name: 'kept', interval_ms: 10 * HOUR, next_run_at: new Date(Date.now() + 5 * HOUR) }).execute();
    const before = (await row('kept')).next_run_at;
    let ran = 0;
    runner = startJobRunner({ db: t.db, logger: testLogger, pollMs: 20, jobs: [{ name: 'kept', intervalMs: 10 * HOUR, run: async () => void ran++ }] });
    await sleep(200);
    await runner.stop();
    expect(ran).toBe(0);
    expect((await row('kept')).next_run_at).toEqual(before);

    runner = startJobRunner({ db: t.db, logger: testLogger, pollMs: 20, jobs: [{ name: 'kept', intervalMs: HOUR, run: async () => void ran++ }] });
    await sleep(200);
    await runner.stop();
    const r = await row('kept');
    expect(ran).toBe(0);
    expect(r.interval_ms).toBe(HOUR);
    expect(r.next_run_at.getTime()).toBeLessThan(before.getTime());
    expect(r.next_run_at.getTime()).toBeGreaterThan(Date.now() + HOUR - 60_000);
    await retireJob(t.db, 'kept');
  });

  it('retries a failing job after 100, 200, 300 ms, and shows its error in the status and the health', async () => {
    const gaps: number[] = [];
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      retryBaseMs: 100,
      retryMaxMs: 300,
      jobs: [
        {
          name: 'failing',
          intervalMs: HOUR,
          run: async () => {
            if ((await row('failing')).attempts > 0) gaps.push(await gapOf('failing'));
            throw new Error(`disk full ${'x'.repeat(5_000)}`);
          },
        },
      ],
    });
    await waitUntil(async () => (await row('failing').catch(() => undefined))?.attempts === 4);
    await runner.stop();

    expect(gaps).toEqual([100, 200, 300]);
    const status = await statusOf('failing');
    expect(status).toMatchObject({ attempts: 4, runs: 0, failing: true, running: false });
    expect(status!.lastError).toMatch(/^disk full x+$/);
    expect(status!.lastError).toHaveLength(2_000);
    expect(await jobsHealthy(t.db)).toBe(false);
    await retireJob(t.db, 'failing');
    expect(await jobsHealthy(t.db)).toBe(true);
  });

  it('never waits longer than the interval to retry', async () => {
    const gaps: number[] = [];
    let calls = 0;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      retryBaseMs: 10_000,
      jobs: [
        {
          name: 'short',
          intervalMs: 150,
          run: async () => {
            if (calls++ === 0) throw new Error('not yet');
            gaps.push(await gapOf('short'));
          },
        },
      ],
    });
    await waitUntil(async () => (await row('short').catch(() => undefined))?.runs === 1);
    await runner.stop();
    expect(gaps).toEqual([150]);
    await retireJob(t.db, 'short');
  });

  it('clears the error and the failures in a row once the job succeeds after a failure', async () => {
    let calls = 0;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      retryBaseMs: 50,
      jobs: [
        {
          name: 'flaky',
          intervalMs: HOUR,
          run: async () => {
            if (++calls === 1) throw new Error('connection reset');
          },
        },
      ],
    });
    await waitUntil(async () => (await row('flaky').catch(() => undefined))?.runs === 1);
    await runner.stop();
    expect(calls).toBe(2);
    expect(await statusOf('flaky')).toMatchObject({ attempts: 0, runs: 1, lastError: null, failing: false });
    expect(await gapOf('flaky')).toBe(HOUR);
    await retireJob(t.db, 'flaky');
  });

  it('renews the lease while a job runs longer than the lease', async () => {
    const leases: number[] = [];
    let done = false;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      jobs: [
        {
          name: 'long',
          intervalMs: HOUR,
          leaseMs: 300,
          run: async ({ signal }) => {
            for (let i = 0; i < 8; i++) {
              await sleep(100);
              leases.push((await row('long')).lease_until!.getTime());
            }
            done = !signal.aborted;
          },
        },
      ],
    });
    await waitUntil(async () => (await row('long').catch(() => undefined))?.runs === 1);
    await runner.stop();
    expect(done).toBe(true);
    expect(new Set(leases).size).toBeGreaterThan(3);
    await retireJob(t.db, 'long');
  });

  it('aborts the job and records nothing when another runner took its lease', async () => {
    let aborted = false;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      jobs: [
        {
          name: 'stolen',
          intervalMs: HOUR,
          leaseMs: 300,
          run: async ({ signal }) => {
            await sql`update scheduled_jobs set lease_owner = 'someone else' where name = 'stolen'`.execute(t.db);
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
            aborted = true;
            throw signal.reason;
          },
        },
      ],
    });
    await waitUntil(async () => aborted);
    await runner.stop();
    expect(await row('stolen')).toMatchObject({ lease_owner: 'someone else', runs: 0, attempts: 0, last_error: null, last_finished_at: null });
    await retireJob(t.db, 'stolen');
  });

  it('on stop, aborts the running job, waits for it and leaves it due for another runner', async () => {
    let started = false;
    let ended = false;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      jobs: [
        {
          name: 'stopped',
          intervalMs: HOUR,
          run: async ({ signal }) => {
            started = true;
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
            await sleep(100);
            ended = true;
            throw signal.reason;
          },
        },
      ],
    });
    await waitUntil(async () => started);
    const due = (await row('stopped')).next_run_at;
    await runner.stop();
    expect(ended).toBe(true);
    expect(await row('stopped')).toMatchObject({ lease_owner: null, lease_until: null, runs: 0, attempts: 0, next_run_at: due });
    await retireJob(t.db, 'stopped');
  });

  it('runs a job now when asked, and answers busy while it runs', async () => {
    let release!: () => void;
    let runs = 0;
    runner = startJobRunner({
      db: t.db,
      logger: testLogger,
      pollMs: 20,
      jobs: [
        {
          name: 'manual',
          intervalMs: HOUR,
          firstRunInMs: HOUR,
          run: async () => {
            runs++;
            await new Promise<void>((resolve) => (release = resolve));
          },
        },
      ],
    });
    expect(await runner.runNow('nope')).toEqual({ status: 'unknown_job' });
    const first = runner.runNow('manual');
    await waitUntil(async () => runs === 1);
    expect(await runner.runNow('manual')).toEqual({ status: 'busy' });
    release();
    expect(await first).toEqual({ status: 'succeeded' });
    expect(await row('manual')).toMatchObject({ runs: 1 });
    await runner.stop();
    expect(await runner.runNow('manual')).toEqual({ status: 'stopped' });
    await retireJob(t.db, 'manual');
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('two runners on one database', () => {
  let target: TestDatabaseTarget;
  const handles: DatabaseHandle[] = [];

  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    for (let i = 0; i < 2; i++) handles.push(await openDatabase({ ...target, logger: testLogger }));
    await migrateToLatest(handles[0]!.db);
    await sql`create table job_spans (id serial primary key, owner text not null, started_at timestamptz not null default clock_timestamp(), ended_at timestamptz)`.execute(handles[0]!.db);
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await target?.drop();
  });

  it('never run the same job at the same time, though its runs last longer than its lease', async () => {
    const runners = handles.map((h, i) =>
      startJobRunner({
        db: h.db,
        logger: testLogger,
        owner: `runner-${i}`,
        pollMs: 10,
        jobs: [
          {
            name: 'exclusive',
            intervalMs: 10,
            leaseMs: 300,
            run: async ({ db }) => {
              const { rows } = await sql<{ id: number }>`insert into job_spans (owner) values (${`runner-${i}`}) returning id`.execute(db);
              const id = rows[0]!.id;
              await sleep(450);
              await sql`update job_spans set ended_at = clock_timestamp() where id = ${id}`.execute(db);
            },
          },
        ],
      }),
    );
    await sleep(6_000);
    await Promise.all(runners.map((r) => r.stop()));

    const { rows: spans } = await sql<{ owner: string; started_at: Date; ended_at: Date | null }>`select owner, started_at, ended_at from job_spans order by started_at`.execute(handles[0]!.db);
    expect(spans.length).toBeGreaterThanOrEqual(8);
    expect(spans.every((s) => s.ended_at)).toBe(true);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.started_at.getTime()).toBeGreaterThanOrEqual(spans[i - 1]!.ended_at!.getTime());
    expect(new Set(spans.map((s) => s.owner))).toEqual(new Set(['runner-0', 'runner-1']));
    const r = await handles[0]!.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', 'exclusive').executeTakeFirstOrThrow();
    expect(r.runs).toBe(spans.length);
  }, 20_000);
});
