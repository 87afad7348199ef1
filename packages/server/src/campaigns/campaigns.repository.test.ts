import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { insertPlannedRecipients } from './audience.repository.js';
import type { Campaign } from './campaigns.table.js';
import { cancelCampaign, claimRecipients, insertUnsubscribe, markRecipientSent } from './campaigns.repository.js';
import { createCampaign } from './campaigns.service.js';

let database: DatabaseHandle;
let shopId: string;
const cap = { frequency_cap: 2, frequency_days: 7 };

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Claim shop' })).shop_id;
  // Six consenting shoppers; two profiles share one address (in two letter cases).
  await sql`insert into profiles (shop_id, id, customer_id, email, first_name, consent, first_seen_at, last_seen_at)
    select ${shopId}, 'c-' || i, 'c-' || i, case when i = 6 then 'C-5@Claim.test' else 'c-' || i || '@claim.test' end, 'C' || i, '{"marketing": true}'::jsonb, now() - (7 - i) * interval '1 day', now()
      from generate_series(1, 6) i`.execute(database.db);
});
afterAll(() => database?.close());

async function sendingCampaign(): Promise<Campaign> {
  const created = await createCampaign(database.db, shopId, { name: 'Claims', definition: { type: 'marketing_consent', value: true }, language: 'en', subject: 'Hi', intro: '', holdoutPercent: 0, productCount: 2 });
  if (!created.ok) throw new Error(created.code);
  await insertPlannedRecipients(database.db, { shopId, campaignId: created.campaign.id, definition: created.campaign.definition, holdoutPercent: 0, now: new Date() });
  await sql`update campaigns set status = 'sending', started_at = now() where shop_id = ${shopId} and id = ${created.campaign.id}`.execute(database.db);
  return created.campaign;
}
const statuses = async (c: Campaign) =>
  Object.fromEntries((await sql<{ profile_id: string; status: string }>`select profile_id, status from campaign_recipients where shop_id = ${shopId} and campaign_id = ${c.id}`.execute(database.db)).rows.map((r) => [r.profile_id, r.status]));

describe('claiming recipients', () => {
  it('plans one recipient per address, and claims pages of pending ones as sending', async () => {
    const c = await sendingCampaign();
    // c-6 shares c-5's address and is younger: c-5 is the one planned.
    expect(Object.keys(await statuses(c)).sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    const page = await claimRecipients(database.db, c, cap, 2);
    expect(page.map((r) => r.profile_id)).toEqual(['c-1', 'c-2']);
    expect(await statuses(c)).toMatchObject({ 'c-1': 'sending', 'c-2': 'sending', 'c-3': 'pending' });
    for (const r of page) await markRecipientSent(database.db, r);
    expect((await claimRecipients(database.db, c, cap, 10)).map((r) => r.profile_id)).toEqual(['c-3', 'c-4', 'c-5']);
  });

  it('skips an address at the frequency cap as capped and one unsubscribed since planning as excluded', async () => {
    // The first campaign's sends count: c-1 and c-2 have one e-mail this week.
    const second = await sendingCampaign();
    for (const r of await claimRecipients(database.db, second, cap, 10)) await markRecipientSent(database.db, r);
    const third = await sendingCampaign();
    await insertUnsubscribe(database.db, shopId, 'c-3@claim.test', null);
    // c-3, c-4, c-5 of the first campaign are still `sending` (never marked sent): they count against the cap too.
    expect(await claimRecipients(database.db, third, cap, 10)).toEqual([]);
    expect(await statuses(third)).toEqual({ 'c-1': 'capped', 'c-2': 'capped', 'c-3': 'excluded', 'c-4': 'capped', 'c-5': 'capped' });
  });

  it('claims nothing more once the campaign is cancelled mid-send', async () => {
    const c = await sendingCampaign();
    await sql`delete from campaign_recipients where shop_id = ${shopId} and campaign_id <> ${c.id}`.execute(database.db);
    expect(await claimRecipients(database.db, c, cap, 1)).toHaveLength(1);
    expect(await cancelCampaign(database.db, shopId, c.id)).toBe(true);
    expect(await claimRecipients(database.db, c, cap, 10)).toEqual([]);
    expect(Object.values(await statuses(c)).filter((s) => s === 'pending')).toHaveLength(3);
  });
});
