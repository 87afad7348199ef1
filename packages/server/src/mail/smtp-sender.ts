import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { leaseDueOutboxMessages, markOutboxMessageFailed, markOutboxMessageSent, releaseOutboxLeases, onOutboxSignal, type OutboxMessage } from '../outbox/index.js';

export interface OutboxSenderOptions {
  db: Db;
  logger: Logger;
  /** e.g. `smtp://user:pass@mail.example.com:587` or `smtps://...:465`. */
  smtpUrl: string;
  from: string;
  pollMs?: number;
  maxAttempts?: number;
  /** The first retry's delay; it doubles per attempt up to an hour. */
  retryBaseMs?: number;
  /** Send only this shop's messages (the demo mailbox takes the demo shop's only). */
  onlyShopId?: string;
}

// A batch is leased for LEASE_SECONDS and sent one message after another. A
// send starts only while at least SEND_BUDGET_MS of the lease is left, and
// nodemailer's timeouts (its defaults run to minutes) keep one send well
// inside that budget; so no other process leases a message while it is being
// sent. The rest of a batch goes back to the outbox for the next lease.
const LEASE_SECONDS = 120;
const SEND_BUDGET_MS = 60_000;
const SMTP_TIMEOUTS = { dnsTimeout: 5_000, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export interface OutboxSender {
  stop(): Promise<void>;
}

/**
 * Drains the outbox over SMTP: polls for due messages (and wakes at once when
 * this process queues one), sends each with nodemailer, retries failures with
 * backoff. Several processes may run it: leases keep them from sending the
 * same message twice while both are alive (a send outlasting its timeouts, or a
 * process that stalls for minutes mid-send, can still cause a second copy:
 * delivery is at least once).
 * @example const sender = startOutboxSender({ db, logger, smtpUrl: 'smtp://127.0.0.1:2525', from: 'Shop <service@shop.example>' })
 */
export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, logger, from } = options;
  const pollMs = options.pollMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS });
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

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

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const leasedAt = Date.now();
        const due = await leaseDueOutboxMessages(db, 20, LEASE_SECONDS, options.onlyShopId);
        if (due.length === 0) break;
        for (let i = 0; i < due.length; i++) {
          if (stopped || Date.now() - leasedAt > LEASE_SECONDS * 1000 - SEND_BUDGET_MS) {
            await releaseOutboxLeases(db, due.slice(i));
            break;
          }
          await sendOne(due[i]!);
        }
      }
    } while (again && !stopped);
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err) => logger.warn('outbox drain failed', { err }))
      .finally(() => {
        running = undefined;
      });
  }

  const timer = setInterval(tick, pollMs);
  timer.unref();
  const off = onOutboxSignal(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      off();
      await running;
      transport.close();
    },
  };
}
