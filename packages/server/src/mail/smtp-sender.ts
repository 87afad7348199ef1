import nodemailer from 'nodemailer';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { leaseDueOutboxMessages, markOutboxMessageFailed, markOutboxMessageSent } from '../outbox/outbox.repository.js';
import { onOutboxSignal } from '../outbox/outbox.service.js';
import type { OutboxMessage } from '../outbox/outbox.table.js';

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

export interface OutboxSender {
  stop(): Promise<void>;
}

/**
 * Drains the outbox over SMTP: polls for due messages (and wakes at once when
 * this process queues one), sends each with nodemailer, retries failures with
 * backoff. Several processes may run it: leases keep them from sending the
 * same message twice while both are alive.
 * @example const sender = startOutboxSender({ db, logger, smtpUrl: 'smtp://127.0.0.1:2525', from: 'Shop <service@shop.example>' })
 */
export function startOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { db, logger, from } = options;
  const pollMs = options.pollMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 15_000;
  const transport = nodemailer.createTransport(options.smtpUrl);
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
      await markOutboxMessageSent(db, m.shop_id, m.id);
      logger.debug('mail sent', { shopId: m.shop_id, id: m.id, kind: m.kind });
    } catch (err) {
      const retry = m.attempts < maxAttempts ? new Date(Date.now() + Math.min(3600_000, retryBaseMs * 2 ** (m.attempts - 1))) : undefined;
      logger.warn('mail not sent', { shopId: m.shop_id, id: m.id, kind: m.kind, attempts: m.attempts, giveUp: !retry, error: (err as Error).message });
      await markOutboxMessageFailed(db, m.shop_id, m.id, (err as Error).message, retry);
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        const due = await leaseDueOutboxMessages(db, 20, 120, options.onlyShopId);
        if (due.length === 0) break;
        for (const m of due) await sendOne(m);
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
