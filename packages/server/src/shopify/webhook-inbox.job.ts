import type { Db } from '../db/database.js';
import type { JobDefinition } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { applyInboxRow } from './webhook-apply.service.js';
import { claimDueInboxRow, deleteAppliedInboxRows, markInboxAttemptFailed } from './webhook-inbox.repository.js';

export const WEBHOOK_INBOX_JOB = 'shopify-webhook-inbox';

/** A claimed delivery is left alone this long by other drainers (a drainer that died gives it back then). */
const CLAIM_SECONDS = 120;
/** Attempts before a delivery is given up on (`failed`): retried after 10 s, 20 s, 40 s … at most an hour apart, about five and a half hours in all (longer than Shopify's own retries). */
export const MAX_ATTEMPTS = 14;
const retryDelaySeconds = (attempts: number) => Math.min(3600, 10 * 2 ** (attempts - 1));
/** Applied deliveries are remembered (their event ids, to drop duplicates) this many days: Shopify's retries of one event end within hours. */
const KEEP_APPLIED_DAYS = 7;

export interface DrainResult {
  applied: number;
  failed: number;
  /** Deliveries given up on in this pass. */
  givenUp: number;
}

/**
 * Applies pending webhook deliveries, the oldest due first, at most `limit`,
 * each claimed on its own (`for update skip locked`, so drainers in several
 * processes never apply one twice at once). A failure is retried with a
 * doubling delay; a payload that cannot be read, or the MAX_ATTEMPTS-th
 * failure, is given up on (`failed`, its error kept). Stops early when
 * `signal` is aborted.
 * @example await applyPendingWebhooks(db, logger, 500) // => { applied: 12, failed: 0, givenUp: 0 }
 */
export async function applyPendingWebhooks(db: Db, logger: Logger, limit: number, signal?: AbortSignal): Promise<DrainResult> {
  const result: DrainResult = { applied: 0, failed: 0, givenUp: 0 };
  for (let i = 0; i < limit && !signal?.aborted; i++) {
    const row = await claimDueInboxRow(db, CLAIM_SECONDS);
    if (!row) break;
    let outcome;
    try {
      outcome = await applyInboxRow(db, logger, row);
    } catch (err) {
      outcome = { ok: false as const, permanent: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (outcome.ok) {
      result.applied++;
      logger.debug('shopify webhook applied', { shopId: row.shop_id, topic: row.topic, eventId: row.event_id, effect: outcome.effect });
      continue;
    }
    result.failed++;
    const giveUp = outcome.permanent || row.attempts >= MAX_ATTEMPTS;
    if (giveUp) result.givenUp++;
    await markInboxAttemptFailed(db, row, outcome.error, giveUp ? undefined : retryDelaySeconds(row.attempts));
    logger.warn(giveUp ? 'shopify webhook given up' : 'shopify webhook failed; will retry', { shopId: row.shop_id, topic: row.topic, eventId: row.event_id, attempts: row.attempts, error: outcome.error });
  }
  return result;
}

/**
 * The inbox's drainer as a job for the job runner: every second, up to 1,000
 * deliveries per run, and applied deliveries older than a week forgotten.
 */
export function webhookInboxJob(db: Db, logger: Logger): JobDefinition {
  return {
    name: WEBHOOK_INBOX_JOB,
    intervalMs: 1_000,
    async run({ signal }) {
      await applyPendingWebhooks(db, logger, 1_000, signal);
      await deleteAppliedInboxRows(db, KEEP_APPLIED_DAYS);
    },
  };
}
