/**
 * A job runner in a process of its own, for job-takeover.test.ts (run with
 * tsx). Its one job records when it starts, sleeps, then records its effect
 * keyed by the run's scheduled time with `on conflict do nothing`: a run cut
 * short and run again by another process has its effect once.
 * Env: DATABASE_URL, PG_OPTIONS (the test schema's search_path), JOB_NAME,
 * JOB_INTERVAL_MS, JOB_LEASE_MS, JOB_SLEEP_MS.
 */
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.js';
import { createLogger } from '../../logger.js';
import { startJobRunner } from '../job-runner.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const logger = createLogger('warn', (line) => process.stderr.write(line));
const database = await openDatabase({ databaseUrl: env('DATABASE_URL'), pgOptions: env('PG_OPTIONS'), logger, poolSize: 3, ingestConnections: 1 });
const sleepMs = Number(env('JOB_SLEEP_MS'));

const runner = startJobRunner({
  db: database.db,
  logger,
  owner: `fixture-${process.pid}`,
  pollMs: 200,
  jobs: [
    {
      name: env('JOB_NAME'),
      intervalMs: Number(env('JOB_INTERVAL_MS')),
      leaseMs: Number(env('JOB_LEASE_MS')),
      async run({ db, scheduledAt }) {
        await sql`insert into takeover_starts (scheduled_at, pid) values (${scheduledAt}, ${process.pid})`.execute(db);
        await new Promise((r) => setTimeout(r, sleepMs));
        await sql`insert into takeover_effects (scheduled_at, pid) values (${scheduledAt}, ${process.pid}) on conflict (scheduled_at) do nothing`.execute(db);
      },
    },
  ],
});
// The runner's timers do not hold a process open (a server's sockets do): this one idles until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => database.close())
    .finally(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
});
process.stdout.write('ready\n');
