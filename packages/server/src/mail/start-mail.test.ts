import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { demoMailboxRoutes } from '../demo/demo-mailbox.routes.js';
import { DEMO_SHOP_ID } from '../demo/demo-shop.js';
import { listOutboxMessagesByRef } from '../outbox/outbox.repository.js';
import { enqueueMessage } from '../outbox/outbox.service.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testLogger } from '../test-support/test-database.js';
import { startJobRunner } from '../jobs/job-runner.js';
import { startMail } from './start-mail.js';
import { waitUntil } from '../test-support/wait-until.js';

let database: DatabaseHandle;
let otherShopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await createShop(database.db, { id: DEMO_SHOP_ID, name: 'Vitrina Demo Shop' });
  otherShopId = (await createShop(database.db, { name: 'A real shop' })).shop_id;
});
afterAll(() => database?.close());

describe('without SMTP_URL outside the demo', () => {
  it('has no sender job: e-mails wait in the outbox', async () => {
    const mail = await startMail({ smtpUrl: undefined, demo: false, mailFrom: 'Shop <s@shop.test>' }, database.db, testLogger);
    expect(mail.job).toBeUndefined();
    expect(mail.sink).toBeUndefined();
    await mail.stop();
  });
});

describe('the demo without SMTP_URL', () => {
  it('sends only the demo shop\'s e-mail to the demo mailbox; another shop\'s stays pending and is not shown', async () => {
    await enqueueMessage(database.db, { shopId: otherShopId, kind: 'test', to: 'customer@real-shop.test', subject: 'Your real order', text: 'Private', ref: 'test:real' });
    await enqueueMessage(database.db, { shopId: DEMO_SHOP_ID, kind: 'test', to: 'anna@example.com', subject: 'Your demo order', text: 'Demo', ref: 'test:demo' });
    const mail = await startMail({ smtpUrl: undefined, demo: true, mailFrom: 'Demo <service@vitrina.test>' }, database.db, testLogger);
    const runner = startJobRunner({ db: database.db, logger: testLogger, jobs: [mail.job!], pollMs: 50 });
    const server = express().use(demoMailboxRoutes(mail.sink!)).listen(0, '127.0.0.1');
    try {
      await mail.sink!.waitFor((m) => m.subject === 'Your demo order');
      await waitUntil(async () => (await listOutboxMessagesByRef(database.db, DEMO_SHOP_ID, 'test:demo'))[0]!.status === 'sent');
      // A few more polls' worth: the sender has had every chance to take the other shop's message.
      await new Promise((r) => setTimeout(r, 300));
      const [other] = await listOutboxMessagesByRef(database.db, otherShopId, 'test:real');
      expect(other).toMatchObject({ status: 'pending', attempts: 0, lease_until: null, sent_at: null });
      expect(mail.sink!.messages.map((m) => m.subject)).toEqual(['Your demo order']);

      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const json = (await (await fetch(`${base}/demo/mailbox.json`)).json()) as { messages: { subject: string }[] };
      expect(json.messages.map((m) => m.subject)).toEqual(['Your demo order']);
      const page = await (await fetch(`${base}/demo/mailbox`)).text();
      expect(page).toContain('Your demo order');
      expect(page).not.toContain('Your real order');
    } finally {
      server.close();
      await runner.stop();
      await mail.stop();
    }
  });
});
