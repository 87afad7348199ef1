import type { Generated, Selectable } from 'kysely';

/** One background job over all shops: its schedule, who holds it now, and how its last runs went. */
export interface ScheduledJobsTable {
  name: string;
  interval_ms: number;
  /** When it is due; also the key a run's effects can be made idempotent by (`JobContext.scheduledAt`). */
  next_run_at: Generated<Date>;
  /** The runner running it, while `lease_until` is ahead. */
  lease_owner: string | null;
  lease_until: Date | null;
  /** Failures in a row; 0 after a success. */
  attempts: Generated<number>;
  /** Successful runs. */
  runs: Generated<number>;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_duration_ms: number | null;
  last_error: string | null;
  updated_at: Generated<Date>;
}
export type ScheduledJob = Selectable<ScheduledJobsTable>;
