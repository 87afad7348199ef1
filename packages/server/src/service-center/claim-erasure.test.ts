import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { deleteClaimsOf } from './claim-erasure.repository.js';
import { reserveLookup, reserveVerification } from './lookup-limits.js';

let t: DatabaseHandle;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const attempts = (shopId: string) =>
  t.db.selectFrom('service_lookup_attempts').select(['scope', 'subject']).where('shop_id', '=', shopId).orderBy('scope').orderBy('subject').execute();

describe('erasing the lookup attempts of a customer', () => {
  it("forgets the attempts counted against the customer's orders and addresses, in every scope, and keeps the others'", async () => {
    const { shop_id: shopId } = await createShop(t.db, { name: 'Erasure' });
    for (const [ip, order] of [['203.0.113.1', 'a-1001'], ['203.0.113.2', 'a-1001'], ['203.0.113.1', '2002'], ['198.51.100.7', '3003']] as const) {
      await reserveLookup(t.db, shopId, ip);
      await reserveVerification(t.db, shopId, order, ip);
    }
    // The customer's order is stored as `A-1001`; lookups count order numbers lower-cased.
    await deleteClaimsOf(t.db, shopId, { emails: ['anna@example.com'], orderIds: ['A-1001'], ips: ['203.0.113.1'] });
    expect(await attempts(shopId)).toEqual([
      { scope: 'ip', subject: '198.51.100.7' },
      { scope: 'ip', subject: '203.0.113.2' },
      { scope: 'order', subject: '2002' },
      { scope: 'order', subject: '3003' },
      { scope: 'order_client', subject: '198.51.100.7 3003' },
    ]);
  });
});
