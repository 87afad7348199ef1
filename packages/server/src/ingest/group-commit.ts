import type { BatchResponse } from '@vitrina/protocol';
import type { Transact } from '../db/pipelined-transaction.js';
import { isStalePlan } from '../db/prepared-statements.js';
import { isDatabaseUnavailable } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { isDuplicateClaim } from './events.repository.js';
import { batchResponse, storePreparedBatches, type PreparedBatch } from './ingest.service.js';

export interface GroupCommitOptions {
  /** Transactions in flight at once (pool connections ingestion may hold). */
  maxInFlight: number;
  /** Events in one transaction, at most. */
  maxGroupEvents: number;
  /** Events waiting for a transaction before new requests are turned away with 429. */
  maxQueuedEvents: number;
  /**
   * Events that must be waiting before a transaction starts while another is
   * still in flight. A transaction has a fixed cost (its round trips and the
   * commit's flush: about as much as storing a few hundred events), so a
   * handful of batches is better off waiting for the running one to finish
   * and going with everything that arrived meanwhile.
   */
  minEventsToOverlap?: number;
  /** After the database failed, how long requests are answered 503 at once before one is tried again. */
  outageCooldownMs: number;
  /**
   * How long a batch may wait for its transaction (default 1 s). One that
   * waited longer is answered `overloaded` (nothing stored, the client
   * retries after Retry-After), and while the oldest waiting batch has waited
   * half of it, new batches are turned away at once: under overload the
   * accepted requests are answered in about this time plus a transaction,
   * instead of queueing for many seconds.
   */
  maxQueueWaitMs?: number;
}

export type SubmitOutcome =
  | { status: 'stored'; response: BatchResponse }
  | { status: 'overloaded'; retryAfterSeconds: number }
  | { status: 'unavailable'; retryAfterSeconds: number }
  /** The database refused this batch's data itself (a value it cannot store); sending it again cannot help. */
  | { status: 'unstorable'; message: string };

interface Waiting {
  batch: PreparedBatch;
  queuedAt: number;
  resolve: (o: SubmitOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: batches that arrive while a transaction is in flight wait
 * and go together in the next one, so that under load the database sees a
 * few large transactions instead of many small ones. A batch's promise
 * resolves only after its transaction committed (durably: synchronous
 * commit), so a 2xx always means stored. A group that fails for any reason
 * but a deadlock or an outage is committed again one batch at a time, so
 * that one bad batch cannot fail the batches of other shops; a lone batch
 * whose data the database refuses is answered `unstorable` (a 4xx, which
 * clients do not retry) and nothing of it is stored.
 * @example const committer = createGroupCommitter(transactionsOf(db), logger, 'postgres', 2); await committer.submit(prepareBatch(...))
 */
export class GroupCommitter {
  private queue: Waiting[] = [];
  private queuedEvents = 0;
  private inFlight = 0;
  private scheduled = false;
  private downUntil = 0;
  /** Until then, groups claim their events expecting duplicates (see `commit`). */
  private duplicatesUntil = 0;

  constructor(
    private readonly transact: Transact,
    private readonly logger: Logger,
    private readonly opts: GroupCommitOptions,
  ) {}

  private get maxQueueWaitMs(): number {
    return this.opts.maxQueueWaitMs ?? 1_000;
  }

  /** Queues a batch for the next transaction; resolves once it is committed, or says why not. */
  submit(batch: PreparedBatch): Promise<SubmitOutcome> {
    if (Date.now() < this.downUntil) return Promise.resolve({ status: 'unavailable', retryAfterSeconds: 2 });
    if (this.queuedEvents + batch.rows.length > this.opts.maxQueuedEvents && this.queue.length > 0) {
      return Promise.resolve({ status: 'overloaded', retryAfterSeconds: 1 });
    }
    const now = performance.now();
    if (this.queue.length > 0 && now - this.queue[0]!.queuedAt > this.maxQueueWaitMs / 2) {
      return Promise.resolve({ status: 'overloaded', retryAfterSeconds: 1 });
    }
    return new Promise<SubmitOutcome>((resolve, reject) => {
      this.queue.push({ batch, queuedAt: now, resolve, reject });
      this.queuedEvents += batch.rows.length + batch.failures.length;
      this.schedule();
    });
  }

  /** Events waiting for a transaction now. */
  get backlog(): number {
    return this.queuedEvents;
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // One turn of the event loop lets requests parsed together share a transaction.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain() {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      if (this.inFlight > 0 && this.queuedEvents < (this.opts.minEventsToOverlap ?? 0)) return;
      const group: Waiting[] = [];
      let events = 0;
      const now = performance.now();
      while (this.queue.length > 0 && (group.length === 0 || events + this.queue[0]!.batch.rows.length <= this.opts.maxGroupEvents)) {
        const w = this.queue.shift()!;
        const size = w.batch.rows.length + w.batch.failures.length;
        if (now - w.queuedAt > this.maxQueueWaitMs) {
          // Waited too long: answered at once, nothing stored, retried by the client.
          this.queuedEvents -= size;
          w.resolve({ status: 'overloaded', retryAfterSeconds: 1 });
          continue;
        }
        events += size;
        group.push(w);
      }
      if (group.length === 0) continue;
      this.queuedEvents -= events;
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.drain();
      });
    }
  }

  private async commit(group: Waiting[]) {
    const batches = group.map((w) => w.batch);
    // A prepared statement a migration outdated fails once on each connection, so up to one retry per connection.
    let staleRetries = this.opts.maxInFlight + 1;
    for (let attempt = 1; ; attempt++) {
      // Retries are rare, so a group first claims its events as new, the cheaper way. One that met an
      // event stored before is committed again expecting duplicates, and so are groups for a minute after.
      const duplicatesPossible = Date.now() < this.duplicatesUntil;
      try {
        const t0 = performance.now();
        const accepted = await this.transact((tx) => storePreparedBatches(tx, batches, duplicatesPossible));
        this.logger.debug('ingest group committed', { batches: batches.length, ms: Math.round(performance.now() - t0), queued: this.queue.length });
        this.downUntil = 0;
        group.forEach((w, i) => w.resolve({ status: 'stored', response: batchResponse(w.batch, accepted[i]!) }));
        return;
      } catch (err) {
        if (!duplicatesPossible && isDuplicateClaim(err)) {
          this.duplicatesUntil = Date.now() + 60_000;
          continue;
        }
        const code = (err as { code?: string }).code;
        // Deadlocks and serialization failures roll back cleanly: try the group again. So does a
        // prepared statement a migration outdated: its connection prepares it again next time.
        if ((code === '40P01' || code === '40001') && attempt < 4) continue;
        if (isStalePlan(err) && staleRetries-- > 0) continue;
        if (isDatabaseUnavailable(err)) {
          this.downUntil = Date.now() + this.opts.outageCooldownMs;
          this.logger.warn('ingest: database unavailable', { batches: group.length, err });
          group.forEach((w) => w.resolve({ status: 'unavailable', retryAfterSeconds: 2 }));
          // Requests queued behind this group would meet the same outage.
          this.failQueued();
          return;
        }
        if (group.length > 1) {
          this.logger.warn('ingest: group failed, committing its batches one by one', { batches: group.length, err });
          for (const w of group) {
            // An outage met by one of them answers the rest at once.
            if (Date.now() < this.downUntil) w.resolve({ status: 'unavailable', retryAfterSeconds: 2 });
            else await this.commit([w]);
          }
          return;
        }
        if (isUnstorableData(err)) {
          this.logger.error('ingest: batch refused by the database', { shopId: batches[0]!.shopId, err });
          group[0]!.resolve({ status: 'unstorable', message: 'The database cannot store this batch; sending it again will not help.' });
          return;
        }
        group[0]!.reject(err);
        return;
      }
    }
  }

  private failQueued() {
    const queued = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    queued.forEach((w) => w.resolve({ status: 'unavailable', retryAfterSeconds: 2 }));
  }
}

/**
 * Errors caused by the values of a batch, not by the database's state:
 * SQLSTATE classes 22 (data exception: NUL in text, a year out of range,
 * bad JSON), 23 (integrity constraint) and 54 (program limit exceeded), and
 * a date JavaScript cannot format. Anything else (a bug, a timeout) stays a 500.
 */
function isUnstorableData(err: unknown): boolean {
  if (err instanceof RangeError) return true;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}

/** Settings that suit the database: one transaction at a time on the single-session embedded one. */
export function createGroupCommitter(
  transact: Transact,
  logger: Logger,
  kind: 'postgres' | 'embedded',
  inFlight: number,
  overrides: Partial<GroupCommitOptions> = {},
): GroupCommitter {
  return new GroupCommitter(transact, logger, {
    // The embedded database has one session; the Postgres pool's share comes from the config (VITRINA_INGEST_INFLIGHT).
    maxInFlight: kind === 'embedded' ? 1 : inFlight,
    maxGroupEvents: 5000,
    minEventsToOverlap: 200,
    maxQueuedEvents: 50_000,
    outageCooldownMs: 500,
    ...overrides,
  });
}
