import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import type { JobDefinition } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { leaseDueOutboxMessages, markOutboxMessageFailed, markOutboxMessageSent, releaseOutboxLeases, type OutboxMessage } from '../outbox/index.js';

export const OUTBOX_SEND_JOB = 'outbox-send';

export interface OutboxSenderOptions {
  db: Db;
  logger: Logger;
  /** e.g. `smtp://user:pass@mail.example.com:587` or `smtps://...:465`. */
  smtpUrl: string;
  from: string;
  /** How often the job runs when nothing wakes it (default 2 s). */
  intervalMs?: number;
  maxAttempts?: number;
  /** The first retry's delay; it doubles per attempt up to an hour. */
  retryBaseMs?: number;
  /** Send only this shop's messages (the demo mailbox takes the demo shop's only). */
  onlyShopId?: string;
}

// Each message is leased for LEASE_SECONDS as well as the job: a sender whose
// job lease was taken over while it stalled cannot send a message the new
// holder is sending. A send starts only while at least SEND_BUDGET_MS of the
// message lease is left, and nodemailer's timeouts (its defaults run to
// minutes) keep one send well inside that budget. The rest of a batch goes
// back to the outbox for the next run.
const LEASE_SECONDS = 120;
const SEND_BUDGET_MS = 60_000;
const SMTP_TIMEOUTS = { dnsTimeout: 5_000, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * The outbox's e-mail as a job of the job runner (`outbox-send`, every 2 s,
 * and at once when this process queues a message: see `wakeOutboxSender`):
 * each run sends the due messages with nodemailer until none is left or the
 * run's signal aborts, and retries failures with backoff. One process sends
 * at a time, and a dead one's job is taken over when its lease runs out.
 * Delivery is at least once: a process that stalls for minutes mid-send can
 * still cause a second copy. The job's last run and error show in
 * `GET /v1/admin/jobs` like every other job's.
 * @example startJobRunner({ db, logger, jobs: [outboxSenderJob({ db, logger, smtpUrl: 'smtp://127.0.0.1:2525', from: 'Shop <service@shop.example>' })] })
 */
export function outboxSenderJob(options: OutboxSenderOptions): JobDefinition & { close(): void } {
  const { db, logger, from } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS });

  async function sendOne(m: OutboxMessage): Promise<void> {
    try {
      await transport.sendMail({
        from: m.from_address ?? from,
        to: m.to_address,
        subject: m.subject,
        text: m.body_text,
        headers: { 'X-Vitrina-Shop': m.shop_id, 'X-Vitrina-Kind': m.kind, ...(m.ref ? { 'X-Vitrina-Ref': m.ref } : {}) },
        attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, encoding: 'base64' })),
      });
      if (await markOutboxMessageSent(db, m)) logger.debug('mail sent', { shopId: m.shop_id, id: m.id, kind: m.kind });
      else logger.warn('mail sent after its lease ran out; another sender had leased it', { shopId: m.shop_id, id: m.id, kind: m.kind });
    } catch (err) {
      const retry = m.attempts < maxAttempts ? new Date(Date.now() + Math.min(3600_000, retryBaseMs * 2 ** (m.attempts - 1))) : undefined;
      logger.warn('mail not sent', { shopId: m.shop_id, id: m.id, kind: m.kind, attempts: m.attempts, giveUp: !retry, error: (err as Error).message });
      await markOutboxMessageFailed(db, m, (err as Error).message, retry);
    }
  }

  return {
    name: OUTBOX_SEND_JOB,
    intervalMs: options.intervalMs ?? 2_000,
    async run({ signal }) {
      for (;;) {
        if (signal.aborted) return;
        const leasedAt = Date.now();
        const due = await leaseDueOutboxMessages(db, 20, LEASE_SECONDS, options.onlyShopId);
        if (due.length === 0) return;
        for (let i = 0; i < due.length; i++) {
          if (signal.aborted || Date.now() - leasedAt > LEASE_SECONDS * 1000 - SEND_BUDGET_MS) {
            await releaseOutboxLeases(db, due.slice(i));
            break;
          }
          await sendOne(due[i]!);
        }
      }
    },
    close: () => transport.close(),
  };
}
