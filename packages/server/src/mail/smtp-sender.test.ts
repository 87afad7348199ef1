import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { findFreePort } from '../test-support/free-port.js';
import { enqueueMessage, signalOutbox } from '../outbox/outbox.service.js';
import { listOutboxMessagesByRef } from '../outbox/outbox.repository.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testLogger } from '../test-support/test-database.js';
import { listJobStatuses } from '../jobs/jobs.service.js';
import { startJobRunner } from '../jobs/job-runner.js';
import { outboxSenderJob, OUTBOX_SEND_JOB, type OutboxSenderOptions } from './smtp-sender.js';
import { startMail } from './start-mail.js';
import { startSmtpSink } from './smtp-sink.js';
import { waitUntil } from '../test-support/wait-until.js';

let database: DatabaseHandle;
let shopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Outbox shop' })).shop_id;
});
afterAll(() => database?.close());

/** The outbox's sender job, run by a job runner of its own, as a server process runs it. */
function startSender(options: Omit<OutboxSenderOptions, 'db' | 'logger'>) {
  const job = outboxSenderJob({ db: database.db, logger: testLogger, ...options });
  const runner = startJobRunner({ db: database.db, logger: testLogger, jobs: [job], pollMs: 50 });
  return {
    runner,
    async stop() {
      await runner.stop();
      job.close();
    },
  };
}

describe('outbox over SMTP', () => {
  it('keeps a message while the SMTP server is down and delivers it once the server is back', async () => {
    const port = await findFreePort();
    const sender = startSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Shop <s@shop.test>', intervalMs: 100, retryBaseMs: 200 });
    await enqueueMessage(database.db, { shopId, kind: 'test', to: 'late@example.com', subject: 'Delivered late', text: 'Hello', ref: 'test:late' });
    await waitUntil(async () => (await listOutboxMessagesByRef(database.db, shopId, 'test:late'))[0]!.last_error !== null);
    const sink = await startSmtpSink({ port });
    try {
      const mail = await sink.waitFor((m) => m.subject === 'Delivered late');
      expect(mail.to).toEqual(['late@example.com']);
      await waitUntil(async () => (await listOutboxMessagesByRef(database.db, shopId, 'test:late'))[0]!.status === 'sent');
      const [row] = await listOutboxMessagesByRef(database.db, shopId, 'test:late');
      expect(row!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await sender.stop();
      await sink.close();
    }
  });

  it('sends each message exactly once when two senders drain the same outbox', async () => {
    const sink = await startSmtpSink();
    for (let i = 0; i < 12; i++) await enqueueMessage(database.db, { shopId, kind: 'test', to: `n${i}@example.com`, subject: `Once ${i}`, text: 'x', ref: 'test:once' });
    const a = startSender({ smtpUrl: sink.url, from: 'a@shop.test', intervalMs: 50 });
    const b = startSender({ smtpUrl: sink.url, from: 'b@shop.test', intervalMs: 50 });
    try {
      await waitUntil(async () => (await listOutboxMessagesByRef(database.db, shopId, 'test:once')).every((m) => m.status === 'sent'));
      const subjects = sink.messages.map((m) => m.subject).filter((s) => s.startsWith('Once '));
      expect(subjects).toHaveLength(12);
      expect(new Set(subjects).size).toBe(12);
    } finally {
      await a.stop();
      await b.stop();
      await sink.close();
    }
  });
});

describe('the outbox sender as a job', () => {
  it('is woken at once by a queued message, long before its interval, and shows in the jobs\' status', async () => {
    const sink = await startSmtpSink();
    const mail = await startMail({ smtpUrl: sink.url, demo: false, mailFrom: 'Shop <s@shop.test>' }, database.db, testLogger);
    const job = { ...mail.job!, intervalMs: 3_600_000 };
    const runner = startJobRunner({ db: database.db, logger: testLogger, jobs: [job], pollMs: 50 });
    const unwake = mail.wakeOn(runner);
    try {
      // The first run (due at once) finds the outbox empty; the next is an hour away.
      await waitUntil(async () => (await listJobStatuses(database.db)).some((j) => j.name === OUTBOX_SEND_JOB && j.runs > 0));
      await enqueueMessage(database.db, { shopId, kind: 'test', to: 'woken@example.com', subject: 'Woken', text: 'x', ref: 'test:woken' });
      const queuedAt = Date.now();
      signalOutbox();
      await sink.waitFor((m) => m.subject === 'Woken');
      expect(Date.now() - queuedAt).toBeLessThan(2_000);
      const status = (await listJobStatuses(database.db)).find((j) => j.name === OUTBOX_SEND_JOB)!;
      expect(status).toMatchObject({ intervalMs: 3_600_000, lastError: null, failing: false });
      expect(status.runs).toBeGreaterThanOrEqual(2);
    } finally {
      unwake();
      await runner.stop();
      await mail.stop();
      await sink.close();
    }
  });
});

describe('outbox over a stalled SMTP server', () => {
  it('gives up on a server that accepts the connection but never greets well within the lease', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    const sender = startSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Shop <s@shop.test>', intervalMs: 100, retryBaseMs: 60_000 });
    const started = Date.now();
    try {
      await enqueueMessage(database.db, { shopId, kind: 'test', to: 'stalled@example.com', subject: 'Stalled', text: 'x', ref: 'test:stalled' });
      await waitUntil(async () => (await listOutboxMessagesByRef(database.db, shopId, 'test:stalled'))[0]!.last_error !== null, 20_000);
      // nodemailer's default greeting timeout is 30 s; ours is 10 s, far inside the 120 s lease.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect((await listOutboxMessagesByRef(database.db, shopId, 'test:stalled'))[0]).toMatchObject({ status: 'pending', lease_until: null });
    } finally {
      await sender.stop();
      silent.close();
    }
  }, 30_000);
});
