import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { identifierHash } from '../privacy/identifiers.js';
import { findOrCreateSalt, insertSuppressedIdentifiers } from '../privacy/suppression.repository.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { countAudience, listAudienceMembers } from './audience.repository.js';
import { seedAudienceFixture } from './campaign-fixture.js';
import { insertUnsubscribe } from './campaigns.repository.js';
import { segmentDefinitionSchema, type SegmentDefinition } from './segment.schema.js';

let database: DatabaseHandle;
let shopId: string;
const now = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Audience shop' })).shop_id;
  await seedAudienceFixture(database.db, shopId, now);
});
afterAll(() => database?.close());

const members = async (d: SegmentDefinition) =>
  (await listAudienceMembers(database.db, shopId, segmentDefinitionSchema.parse(d), now, { limit: 100 })).map((m) => m.profileId).sort();

describe('segments compiled to SQL', () => {
  // Each case: a definition and exactly who is in it (fixture: campaign-fixture.ts).
  const cases: [string, SegmentDefinition, string[]][] = [
    ['RFM champions', { type: 'rfm_segment', in: ['champions'] }, ['a']],
    ['RFM new', { type: 'rfm_segment', in: ['new'] }, ['e']],
    ['RFM prospects and promising', { type: 'rfm_segment', in: ['prospect', 'promising'] }, ['anon:d1', 'b', 'c']],
    ['lifetime value at least 100', { type: 'lifetime_value', min: 100 }, ['a']],
    ['lifetime value 20 to 50', { type: 'lifetime_value', min: 20, max: 50 }, ['b', 'e']],
    ['at least one order', { type: 'orders_count', min: 1 }, ['a', 'b', 'e']],
    ['no orders', { type: 'orders_count', max: 0 }, ['anon:d1', 'c']],
    ['last order within 30 days', { type: 'last_order', withinDays: 30 }, ['a', 'e']],
    ['last order more than 30 days ago', { type: 'last_order', moreThanDaysAgo: 30 }, ['b']],
    ['bought a Coffee', { type: 'bought', item: { category: 'Coffee' } }, ['a', 'e']],
    ['bought a Leaf', { type: 'bought', item: { brand: 'Leaf' } }, ['b']],
    ['bought p1 within 7 days', { type: 'bought', item: { productId: 'p1' }, withinDays: 7 }, ['e']],
    ['viewed p1', { type: 'viewed', item: { productId: 'p1' } }, ['anon:d1', 'b']],
    ['viewed a Coffee', { type: 'viewed', item: { category: 'Coffee' } }, ['anon:d1', 'b', 'c']],
    ['viewed a Tea and not bought one (b bought the only Tea; a viewed it)', { type: 'viewed', item: { category: 'Tea' }, notBought: true }, ['a']],
    ['viewed a Tea within 30 days', { type: 'viewed', item: { category: 'Tea' }, withinDays: 30 }, []],
    ['viewed a Coffee and not bought one', { type: 'viewed', item: { category: 'Coffee' }, notBought: true }, ['anon:d1', 'b', 'c']],
    ['viewed a Bean, not bought', { type: 'viewed', item: { brand: 'Bean' }, notBought: true }, ['c']],
    ['reorder due within 21 days (mean interval 30 from 10 days ago)', { type: 'reorder_due', withinDays: 21 }, ['a']],
    ['reorder due within 30 days (and a consumable bought once)', { type: 'reorder_due', withinDays: 30 }, ['a', 'e']],
    ['reorder due within 5 days', { type: 'reorder_due', withinDays: 5 }, []],
    ['region DE', { type: 'region', in: ['de'] }, ['a', 'c']],
    ['language ru', { type: 'language', in: ['ru'] }, ['b']],
    ['language en or de', { type: 'language', in: ['en', 'de'] }, ['a', 'c']],
    ['marketing consent', { type: 'marketing_consent', value: true }, ['a', 'anon:d1', 'b', 'e']],
    ['no marketing consent', { type: 'marketing_consent', value: false }, ['c']],
    ['RU or FR', { any: [{ type: 'region', in: ['RU'] }, { type: 'region', in: ['FR'] }] }, ['b', 'e']],
    ['consent and an order', { all: [{ type: 'marketing_consent', value: true }, { type: 'orders_count', min: 1 }] }, ['a', 'b', 'e']],
    ['not in DE', { not: { type: 'region', in: ['DE'] } }, ['anon:d1', 'b', 'e']],
    [
      'nested: (viewed a Coffee and not bought one) or champions, and consent',
      { all: [{ any: [{ type: 'viewed', item: { category: 'Coffee' }, notBought: true }, { type: 'rfm_segment', in: ['champions'] }] }, { type: 'marketing_consent', value: true }] },
      ['a', 'anon:d1', 'b'],
    ],
  ];
  for (const [name, definition, expected] of cases) {
    it(`finds exactly the known members: ${name}`, async () => {
      expect(await members(definition)).toEqual(expected);
    });
  }

  it('counts who may be mailed: an address and consent, not unsubscribed, not suppressed', async () => {
    const everyone: SegmentDefinition = { not: { type: 'region', in: ['ZZ'] } };
    expect(await countAudience(database.db, shopId, everyone, now)).toEqual({ total: 5, mailable: 3 });
    await insertUnsubscribe(database.db, shopId, 'e@example.com', null);
    expect(await countAudience(database.db, shopId, everyone, now)).toEqual({ total: 5, mailable: 2 });
    const salt = await findOrCreateSalt(database.db, shopId);
    await insertSuppressedIdentifiers(database.db, shopId, [{ hash: identifierHash(salt, 'email', 'b@example.com'), kind: 'email' }]);
    expect(await countAudience(database.db, shopId, everyone, now)).toEqual({ total: 5, mailable: 1 });
  });

  it('pages through members by profile id', async () => {
    const everyone = segmentDefinitionSchema.parse({ not: { type: 'region', in: ['ZZ'] } });
    const first = await listAudienceMembers(database.db, shopId, everyone, now, { limit: 2 });
    const second = await listAudienceMembers(database.db, shopId, everyone, now, { limit: 2, after: first.at(-1)!.profileId });
    expect([...first, ...second].map((m) => m.profileId)).toEqual(['a', 'anon:d1', 'b', 'c']);
  });

  it('rejects a definition with two items or nested too deep', () => {
    expect(segmentDefinitionSchema.safeParse({ type: 'bought', item: { productId: 'p1', brand: 'x' } }).success).toBe(false);
    let deep: SegmentDefinition = { type: 'region', in: ['DE'] };
    for (let i = 0; i < 9; i++) deep = { not: deep };
    expect(segmentDefinitionSchema.safeParse(deep).success).toBe(false);
  });
});
