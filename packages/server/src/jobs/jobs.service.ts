import type { Db } from '../db/database.js';
import { countFailingJobs, deleteScheduledJob, listScheduledJobs } from './jobs.repository.js';

/** Failures in a row from which a job counts as broken (health, status). */
export const FAILING_AFTER_ATTEMPTS = 3;

export interface JobStatus {
  name: string;
  intervalMs: number;
  nextRunAt: string;
  /** Whether a runner holds its lease now. */
  running: boolean;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastDurationMs: number | null;
  /** The last failure's message, until the job next succeeds. */
  lastError: string | null;
  /** Failures in a row; 0 after a success. */
  attempts: number;
  /** Successful runs so far. */
  runs: number;
  /** `attempts` reached FAILING_AFTER_ATTEMPTS. */
  failing: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Every background job's schedule and last run, for the admin API.
 * @example await listJobStatuses(db)
 * // => [{ name: 'event-maintenance', intervalMs: 21600000, nextRunAt: '2026-12-07T06:00:00.000Z', running: false,
 * //       lastStartedAt: '2026-12-07T00:00:00.000Z', lastFinishedAt: '2026-12-07T00:00:00.120Z', lastDurationMs: 120,
 * //       lastError: null, attempts: 0, runs: 14, failing: false }]
 */
export async function listJobStatuses(db: Db): Promise<JobStatus[]> {
  return (await listScheduledJobs(db)).map((j) => ({
    name: j.name,
    intervalMs: Number(j.interval_ms),
    nextRunAt: j.next_run_at.toISOString(),
    running: j.running,
    lastStartedAt: iso(j.last_started_at),
    lastFinishedAt: iso(j.last_finished_at),
    lastDurationMs: j.last_duration_ms,
    lastError: j.last_error,
    attempts: j.attempts,
    runs: Number(j.runs),
    failing: j.attempts >= FAILING_AFTER_ATTEMPTS,
  }));
}

/**
 * False when any job has failed FAILING_AFTER_ATTEMPTS times or more in a row.
 * @example await jobsHealthy(db) // => true
 */
export async function jobsHealthy(db: Db): Promise<boolean> {
  return (await countFailingJobs(db, FAILING_AFTER_ATTEMPTS)) === 0;
}

/**
 * Forgets a job this deployment no longer runs (the model rebuild turned off),
 * so that its last state neither shows in the status nor counts against health.
 * @example await retireJob(db, 'model-rebuild')
 */
export async function retireJob(db: Db, name: string): Promise<void> {
  await deleteScheduledJob(db, name);
}
