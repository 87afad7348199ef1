import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createTestDatabaseTarget, testDatabaseKind, testLogger, type TestDatabaseTarget } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';

const fixture = resolve(import.meta.dirname, 'test-fixtures/runner-process.ts');
const repoRoot = resolve(import.meta.dirname, '../../../..');
const LEASE_MS = 3_000;

// Processes on one Postgres: the embedded database is one process's alone.
describe.runIf(testDatabaseKind() === 'postgres')('a runner process killed with SIGKILL mid-run', () => {
  let target: TestDatabaseTarget;
  let db: DatabaseHandle;
  const children = new Map<number, ChildProcess>();
  const stderr = new Map<number, string>();

  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    db = await openDatabase({ ...target, logger: testLogger });
    await migrateToLatest(db.db);
    await sql`
      create table takeover_starts (scheduled_at timestamptz not null, pid integer not null, started_at timestamptz not null default clock_timestamp());
      create table takeover_effects (scheduled_at timestamptz primary key, pid integer not null)`.execute(db.db);
  });
  afterAll(async () => {
    for (const c of children.values()) c.kill('SIGKILL');
    await db?.close();
    await target?.drop();
  });

  async function launch(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: target.databaseUrl,
        PG_OPTIONS: target.pgOptions,
        JOB_NAME: 'takeover',
        JOB_INTERVAL_MS: '500',
        JOB_LEASE_MS: String(LEASE_MS),
        JOB_SLEEP_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(child.pid!, child);
    stderr.set(child.pid!, '');
    child.stderr!.on('data', (chunk: Buffer) => stderr.set(child.pid!, stderr.get(child.pid!)! + chunk.toString()));
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitUntil(async () => out.includes('ready') || child.exitCode !== null, 30_000);
    if (child.exitCode !== null) throw new Error(`the runner process exited: ${stderr.get(child.pid!)}`);
    return child;
  }

  const starts = async () =>
    (await sql<{ scheduled_at: Date; pid: number; started_at: Date }>`select * from takeover_starts order by started_at`.execute(db.db)).rows;
  const effects = async () => (await sql<{ scheduled_at: Date; pid: number }>`select * from takeover_effects order by scheduled_at`.execute(db.db)).rows;

  it('has the other process take the job over once the lease runs out, and every scheduled run done exactly once', async () => {
    await Promise.all([launch(), launch()]);

    // A run in progress, after at least one finished: its starter holds the lease.
    let victim: { scheduled_at: Date; pid: number } | undefined;
    await waitUntil(async () => {
      const done = await effects();
      if (done.length === 0) return false;
      const doneAt = new Set(done.map((e) => e.scheduled_at.getTime()));
      victim = (await starts()).find((s) => !doneAt.has(s.scheduled_at.getTime()));
      return victim !== undefined;
    }, 30_000);
    const { lease_owner } = await db.db.selectFrom('scheduled_jobs').select('lease_owner').where('name', '=', 'takeover').executeTakeFirstOrThrow();
    expect(lease_owner).toBe(`fixture-${victim!.pid}`);
    const killed = children.get(victim!.pid)!;
    killed.kill('SIGKILL');
    const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db.db);
    const killedAt = rows[0]!.now;
    await once(killed, 'exit');
    children.delete(victim!.pid);
    const [survivorPid, survivor] = [...children.entries()][0]!;

    // The survivor starts the same scheduled run again, and then goes on with the schedule.
    let takenOver: { started_at: Date } | undefined;
    await waitUntil(async () => {
      takenOver = (await starts()).find((s) => s.pid === survivorPid && s.scheduled_at.getTime() === victim!.scheduled_at.getTime());
      return takenOver !== undefined;
    }, 60_000);
    const takeoverMs = takenOver!.started_at.getTime() - killedAt.getTime();
    process.stdout.write(`job takeover after SIGKILL: ${(takeoverMs / 1000).toFixed(1)} s (lease ${LEASE_MS / 1000} s)\n`);
    await waitUntil(async () => (await effects()).filter((e) => e.scheduled_at > victim!.scheduled_at).length >= 2, 30_000);
    survivor.kill('SIGTERM');
    const [code] = await once(survivor, 'exit');
    children.delete(survivorPid);
    expect(code, stderr.get(survivorPid)).toBe(0);

    expect(takeoverMs).toBeLessThan(60_000);
    expect(takeoverMs).toBeLessThan(LEASE_MS + 2_000);
    const allStarts = await starts();
    const allEffects = await effects();
    // Every scheduled run has its effect once; the killed run's came from the survivor.
    expect(allEffects.map((e) => e.scheduled_at.getTime())).toEqual([...new Set(allStarts.map((s) => s.scheduled_at.getTime()))].sort((a, b) => a - b));
    expect(allEffects.find((e) => e.scheduled_at.getTime() === victim!.scheduled_at.getTime())!.pid).toBe(survivorPid);
    expect(allStarts.filter((s) => s.scheduled_at.getTime() === victim!.scheduled_at.getTime()).map((s) => s.pid)).toEqual([victim!.pid, survivorPid]);
    const job = await db.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', 'takeover').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ runs: allEffects.length, attempts: 0, lease_owner: null });
  }, 120_000);
});
