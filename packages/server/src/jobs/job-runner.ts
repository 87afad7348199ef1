import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { claimDueJob, claimJob, extendJobLease, markJobFailed, markJobSucceeded, releaseJobLease, upsertScheduledJob } from './jobs.repository.js';
import type { ScheduledJob } from './jobs.table.js';

export interface JobContext {
  db: Db;
  /** Aborted when this runner loses the job's lease or stops: finish soon, or throw. */
  signal: AbortSignal;
  /**
   * The time this run was due. A run cut short (its process killed) is run
   * again with the same `scheduledAt` by whoever takes the job over, so an
   * effect keyed by it (`on conflict do nothing`) happens once.
   */
  scheduledAt: Date;
}

export interface JobDefinition {
  /** Unique over the deployment: processes that register the same name share one schedule. */
  name: string;
  /** From the end of one successful run to the next. */
  intervalMs: number;
  run(ctx: JobContext): Promise<void>;
  /** How long a claim holds without a heartbeat (default 30 s); renewed every third of it while the job runs. */
  leaseMs?: number;
  /** A job met for the first time is due after this long (default 0: at once); an existing schedule is kept. */
  firstRunInMs?: number;
}

export interface JobRunnerOptions {
  db: Db;
  logger: Logger;
  jobs: JobDefinition[];
  /** How often to look for a due job (default 1 s, ±20% so that processes drift apart). */
  pollMs?: number;
  /** Who holds a lease, as stored in `scheduled_jobs.lease_owner` (default host:pid:random). */
  owner?: string;
  /** The first retry's delay after a failure (default 5 s), doubled with each failure in a row. */
  retryBaseMs?: number;
  /** The longest retry delay (default 15 min); never longer than the job's interval either. */
  retryMaxMs?: number;
}

/** How one run asked for with `runNow` ended. */
export type JobRunOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: string }
  /** Another runner took the job over before this one recorded its result. */
  | { status: 'lease_lost' }
  /** The runner stopped before or during the run; the job stays due. */
  | { status: 'stopped' }
  /** Some runner, maybe this one, is running the job now. */
  | { status: 'busy' }
  | { status: 'unknown_job' };

export interface JobRunner {
  readonly owner: string;
  /** Stops claiming, aborts the running jobs' signals and waits for them to end. */
  stop(): Promise<void>;
  /** Runs one job now in this process, due or not, unless a runner holds it; rescheduled as after any run. */
  runNow(name: string): Promise<JobRunOutcome>;
}

export const DEFAULT_LEASE_MS = 30_000;
const MAX_ERROR_CHARS = 2_000;

/**
 * Runs background jobs over all shops, each at most once at a time however
 * many processes run a runner, and none lost when a process dies. Each job
 * has a row in `scheduled_jobs`; a runner polls for one that is due and
 * claims it with a lease (`update … where name = (select … for update skip
 * locked)`, so two runners never claim the same row), renews the lease every
 * third of it while the job runs, and on the end records the run and the next
 * due time, only while the lease is still its own: a runner whose lease was
 * taken records nothing. A failure is retried after 5 s, 10 s, 20 s … (at
 * most the interval or 15 min) and its message kept for `GET /v1/admin/jobs`.
 * A process killed mid-run stops renewing: its lease runs out (30 s by
 * default) and another runner runs the job again with the same
 * `scheduledAt`. Delivery is therefore at least once: a job's effects must be
 * idempotent. Lease times are the database's clock, never a process's.
 *
 * Any number of processes may run a runner: separate machines, a process
 * manager's cluster, or restarts overlapping a deploy. With VITRINA_WORKERS=N
 * only the worker that runs the jobs (workers.ts `runsJobs`) starts one, so
 * that the others' cores serve requests; when it dies the primary starts a
 * replacement, whose runner takes over once the dead one's lease runs out.
 * Works on the embedded database too (one process, so leases never contend).
 * @example
 * const runner = startJobRunner({ db, logger, jobs: [{ name: 'event-maintenance', intervalMs: 6 * 3_600_000, run: () => runEventMaintenance(db, logger) }] });
 * await runner.stop();
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, logger } = options;
  const pollMs = options.pollMs ?? 1_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const retry = { retryBaseMs: options.retryBaseMs ?? 5_000, retryMaxMs: options.retryMaxMs ?? 15 * 60_000 };
  const jobs = new Map<string, JobDefinition>();
  for (const job of options.jobs) {
    if (jobs.has(job.name)) throw new Error(`two jobs named ${job.name}`);
    if (!(job.intervalMs > 0) || !((job.leaseMs ?? DEFAULT_LEASE_MS) > 0)) throw new Error(`job ${job.name}: intervalMs and leaseMs must be positive`);
    jobs.set(job.name, job);
  }
  const leaseOf = (job: JobDefinition) => job.leaseMs ?? DEFAULT_LEASE_MS;

  const stopping = new AbortController();
  /** The jobs this runner holds (or is claiming for runNow): never claimed twice by it, even if a lease ran out. */
  const running = new Map<string, Promise<JobRunOutcome>>();
  const claiming = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => void inFlight.delete(p);
    p.then(done, done); // the caller handles a rejection; this copy must not be left unhandled
    return p;
  };

  let registration: Promise<void> | undefined;
  const ensureRegistered = () =>
    (registration ??= (async () => {
      for (const job of jobs.values()) await upsertScheduledJob(db, { name: job.name, intervalMs: job.intervalMs, firstRunInMs: job.firstRunInMs ?? 0 });
    })().catch((err) => {
      registration = undefined;
      throw err;
    }));

  const start = (job: JobDefinition, row: ScheduledJob): Promise<JobRunOutcome> => {
    const run = track(execute(job, row));
    running.set(job.name, run);
    const done = () => void (running.get(job.name) === run && running.delete(job.name));
    run.then(done, done);
    return run;
  };

  async function execute(job: JobDefinition, row: ScheduledJob): Promise<JobRunOutcome> {
    const leaseMs = leaseOf(job);
    const lease = new AbortController();
    const onStop = () => lease.abort(new Error('the job runner is stopping'));
    stopping.signal.addEventListener('abort', onStop, { once: true });
    if (stopping.signal.aborted) onStop();
    const finished = new AbortController();
    // Renew the lease while the job runs. Lost (another runner holds it), or no
    // answer from the database until it runs out: abort the job.
    const heartbeat = (async () => {
      let heldUntil = Date.now() + leaseMs;
      for (;;) {
        await sleep(leaseMs / 3, finished.signal);
        if (finished.signal.aborted) return;
        const sentAt = Date.now();
        try {
          if (await extendJobLease(db, job.name, owner, leaseMs)) heldUntil = sentAt + leaseMs;
          else return lease.abort(new Error(`lost the lease of job ${job.name}`));
        } catch (err) {
          if (Date.now() >= heldUntil) {
            logger.warn('job lease could not be renewed', { job: job.name, err });
            return lease.abort(new Error(`could not renew the lease of job ${job.name}`));
          }
        }
      }
    })();

    let failure: { error: unknown } | undefined;
    try {
      await job.run({ db, signal: lease.signal, scheduledAt: row.next_run_at });
    } catch (error) {
      failure = { error };
    }
    finished.abort();
    await heartbeat;
    stopping.signal.removeEventListener('abort', onStop);

    // Every record below holds only while the lease is ours (`lease_owner = owner`).
    try {
      if (!failure) {
        if (await markJobSucceeded(db, job.name, owner)) {
          logger.debug('job ran', { job: job.name, scheduledAt: row.next_run_at.toISOString() });
          return { status: 'succeeded' };
        }
      } else if (stopping.signal.aborted) {
        await releaseJobLease(db, job.name, owner);
        logger.info('job stopped with its runner; due again', { job: job.name });
        return { status: 'stopped' };
      } else {
        const message = errorMessage(failure.error).slice(0, MAX_ERROR_CHARS);
        const failed = await markJobFailed(db, job.name, owner, message, retry);
        if (failed) {
          logger.warn('job failed', { job: job.name, attempts: failed.attempts, retryAt: failed.nextRunAt.toISOString(), err: failure.error });
          return { status: 'failed', error: message };
        }
      }
      logger.warn('job lease was lost before its run was recorded', { job: job.name, failed: Boolean(failure) });
      return { status: 'lease_lost' };
    } catch (err) {
      // Unrecorded: the lease runs out and the job is due again as it was.
      logger.warn('job run could not be recorded', { job: job.name, err });
      return failure ? { status: 'failed', error: errorMessage(failure.error) } : { status: 'succeeded' };
    }
  }

  let wake = () => {};
  const loop = (async () => {
    let unreachable = false;
    while (!stopping.signal.aborted) {
      let claimed: ScheduledJob | undefined;
      try {
        await ensureRegistered();
        const idle = [...jobs.values()].filter((j) => !running.has(j.name) && !claiming.has(j.name));
        claimed = await claimDueJob(db, owner, Object.fromEntries(idle.map((j) => [j.name, leaseOf(j)])));
        if (unreachable) logger.info('job runner reaches the database again');
        unreachable = false;
      } catch (err) {
        if (!unreachable) logger.warn('job runner cannot reach the database', { err });
        unreachable = true;
      }
      if (claimed && stopping.signal.aborted) {
        await releaseJobLease(db, claimed.name, owner).catch(() => {});
        break;
      }
      if (claimed) {
        start(jobs.get(claimed.name)!, claimed);
        continue; // another may be due too
      }
      // stop() wakes the sleep below; checked again here in case it came during the claim.
      const woken = new AbortController();
      wake = () => woken.abort();
      if (stopping.signal.aborted) break;
      await sleep(pollMs * (0.8 + 0.4 * Math.random()), woken.signal);
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    owner,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        wake();
        await loop;
        while (inFlight.size) await Promise.allSettled([...inFlight]);
      })();
      return stopped;
    },
    runNow(name) {
      const job = jobs.get(name);
      if (!job) return Promise.resolve({ status: 'unknown_job' });
      if (stopping.signal.aborted) return Promise.resolve({ status: 'stopped' });
      const current = running.get(name);
      if (current || claiming.has(name)) return Promise.resolve({ status: 'busy' });
      claiming.add(name);
      return track(
        (async (): Promise<JobRunOutcome> => {
          let row: ScheduledJob | undefined;
          try {
            await ensureRegistered();
            row = await claimJob(db, owner, name, leaseOf(job));
          } finally {
            claiming.delete(name);
          }
          if (!row) return { status: 'busy' };
          if (stopping.signal.aborted) {
            await releaseJobLease(db, name, owner);
            return { status: 'stopped' };
          }
          return start(job, row);
        })(),
      );
    },
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
