import type { Db } from '../db/database.js';
import { applyEventRetention, ensureEventPartitions } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import type { JobDefinition } from './job-runner.js';

export const EVENT_MAINTENANCE_JOB = 'event-maintenance';
const EVERY_MS = 6 * 3_600_000;

/**
 * One pass of the events' upkeep: this month's and the next two months'
 * partitions, then each shop's retention of events and failed events.
 * Idempotent, so safe to run in any number of processes at once (a race to
 * create one partition fails one of them harmlessly). Throws on failure.
 * @example await runEventMaintenance(db, logger)
 * // logs { msg: 'event maintenance', created: ['events_2027_02'], deletedEvents: 0, deletedFailedEvents: 0, droppedPartitions: [] }
 */
export async function runEventMaintenance(db: Db, logger: Logger): Promise<void> {
  const created = await ensureEventPartitions(db);
  const retention = await applyEventRetention(db);
  if (created.length || retention.deletedEvents || retention.deletedFailedEvents || retention.droppedPartitions.length) logger.info('event maintenance', { created, ...retention });
}

/**
 * The events' upkeep every six hours, as a job for the job runner. Its first
 * run at a process's start happens before the runner's, before the server
 * listens (see startEventMaintenance's comment: a partition attached while
 * events are inserted could send a row to the default partition), so a job
 * met for the first time is first due six hours later.
 */
export function eventMaintenanceJob(db: Db, logger: Logger): JobDefinition {
  return { name: EVENT_MAINTENANCE_JOB, intervalMs: EVERY_MS, firstRunInMs: EVERY_MS, run: () => runEventMaintenance(db, logger) };
}
