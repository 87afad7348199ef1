import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import type { DatabaseHandle } from './database.js';
import { queryTemplate } from './query-template.js';

let database: DatabaseHandle;
let shopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Template Shop' })).shop_id;
  await database.db
    .insertInto('profiles')
    .values([
      { shop_id: shopId, id: 'c-1', customer_id: 'c-1', first_seen_at: new Date('2026-01-01T00:00:00Z') },
      { shop_id: shopId, id: 'anon:$1 \u0001x', customer_id: null, first_seen_at: new Date('2026-03-01T00:00:00Z') },
    ])
    .execute();
}, 30_000);
afterAll(() => database?.close());

describe('queryTemplate', () => {
  const byIds = () =>
    queryTemplate((a: { shopId: string; customerId?: string | undefined; anonymousId?: string | undefined; since: Date }) =>
      database.db
        .selectFrom('profiles')
        .select('id')
        .where('shop_id', '=', a.shopId)
        .where('first_seen_at', '>=', a.since)
        .where('id', 'in', [a.customerId, a.anonymousId === undefined ? undefined : `anon:${a.anonymousId}`].filter((x): x is string => !!x))
        .orderBy('id'),
    );

  it('binds each call\'s values into the query built once, whatever the values contain', async () => {
    const q = byIds();
    const run = async (args: Parameters<typeof q>[0]) => (await database.db.executeQuery(q(args))).rows.map((r) => r.id);
    const since = new Date('2025-01-01T00:00:00Z');
    expect(await run({ shopId, customerId: 'c-1', anonymousId: '$1 \u0001x', since })).toEqual(['anon:$1 \u0001x', 'c-1']);
    expect(await run({ shopId, customerId: 'c-2', anonymousId: 'nobody', since })).toEqual([]);
    // Dates are bound too, not frozen at the first call.
    expect(await run({ shopId, customerId: 'c-1', anonymousId: '$1 \u0001x', since: new Date('2026-02-01T00:00:00Z') })).toEqual(['anon:$1 \u0001x']);
  });

  it('builds a separate query for each set of given arguments', async () => {
    const q = byIds();
    const since = new Date('2025-01-01T00:00:00Z');
    const onlyCustomer = q({ shopId, customerId: 'c-1', anonymousId: undefined, since });
    const both = q({ shopId, customerId: 'c-1', anonymousId: 'a', since });
    expect(onlyCustomer.sql).not.toBe(both.sql);
    expect((await database.db.executeQuery(onlyCustomer)).rows).toEqual([{ id: 'c-1' }]);
  });

  it('refuses a builder that derives from an argument instead of binding it, at the first call', () => {
    const lowered = queryTemplate((a: { shopId: string }) => database.db.selectFrom('profiles').select('id').where('shop_id', '=', a.shopId.toLowerCase()));
    expect(() => lowered({ shopId: 'Shop' })).toThrow(/shopId is not bound/);
    const unused = queryTemplate((a: { shopId: string; since: Date }) => database.db.selectFrom('profiles').select('id').where('shop_id', '=', a.shopId));
    expect(() => unused({ shopId: 's', since: new Date() })).toThrow(/since is not bound/);
  });
});
