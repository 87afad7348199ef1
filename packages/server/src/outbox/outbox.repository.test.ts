import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { leaseDueOutboxMessages, listOutboxMessagesByRef, markOutboxMessageFailed, markOutboxMessageSent, releaseOutboxLeases } from './outbox.repository.js';
import { enqueueMessage } from './outbox.service.js';

let database: DatabaseHandle;
let shopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Lease shop' })).shop_id;
});
afterAll(() => database?.close());

const expireLeases = () => sql`update outbox_messages set lease_until = now() - interval '1 second' where shop_id = ${shopId} and status = 'pending'`.execute(database.db);
const row = async (ref: string) => (await listOutboxMessagesByRef(database.db, shopId, ref))[0]!;

describe('outbox leases', () => {
  it('does not mark a message sent or failed by a sender whose lease ran out and was taken by another', async () => {
    await enqueueMessage(database.db, { shopId, kind: 'test', to: 'a@example.com', subject: 'Lease', text: 'x', ref: 'test:lease' });
    const [first] = await leaseDueOutboxMessages(database.db, 20, 120, shopId);
    expect(first).toMatchObject({ ref: 'test:lease', attempts: 1 });
    expect(await leaseDueOutboxMessages(database.db, 20, 120, shopId)).toEqual([]);
    await expireLeases();
    const [second] = await leaseDueOutboxMessages(database.db, 20, 120, shopId);
    expect(second).toMatchObject({ id: first!.id, attempts: 2 });

    expect(await markOutboxMessageSent(database.db, first!)).toBe(false);
    expect(await markOutboxMessageFailed(database.db, first!, 'late', new Date())).toBe(false);
    expect(await row('test:lease')).toMatchObject({ status: 'pending', sent_at: null, last_error: null });
    expect(await markOutboxMessageSent(database.db, second!)).toBe(true);
    expect(await row('test:lease')).toMatchObject({ status: 'sent', lease_until: null });
    expect(await markOutboxMessageSent(database.db, second!)).toBe(false);
  });

  it('marks a message sent by a sender whose lease ran out when nobody leased it since', async () => {
    await enqueueMessage(database.db, { shopId, kind: 'test', to: 'b@example.com', subject: 'Slow', text: 'x', ref: 'test:slow' });
    const [lease] = await leaseDueOutboxMessages(database.db, 20, 120, shopId);
    await expireLeases();
    expect(await markOutboxMessageSent(database.db, lease!)).toBe(true);
    expect((await row('test:slow')).status).toBe('sent');
  });

  it('hands back leases not tried: due at once, the attempt not counted', async () => {
    await enqueueMessage(database.db, { shopId, kind: 'test', to: 'c@example.com', subject: 'Back', text: 'x', ref: 'test:back' });
    const leased = await leaseDueOutboxMessages(database.db, 20, 120, shopId);
    await releaseOutboxLeases(database.db, leased);
    expect(await row('test:back')).toMatchObject({ status: 'pending', attempts: 0, lease_until: null });
    expect((await leaseDueOutboxMessages(database.db, 20, 120, shopId)).map((m) => m.ref)).toEqual(['test:back']);
  });
});
