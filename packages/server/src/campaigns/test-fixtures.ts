import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** A row in every campaigns table for the privacy tests' shop: a segment, a sent campaign with a click, settings, an unsubscribe. */
export async function seedCampaignShopFixture(db: Db, shopId: string): Promise<void> {
  const definition = JSON.stringify({ type: 'marketing_consent', value: true });
  await sql`insert into campaign_segments (shop_id, id, name, definition) values (${shopId}, 'seg-fixture', 'Everyone', ${definition}::jsonb)`.execute(db);
  await sql`insert into campaigns (shop_id, id, name, definition, subject, status) values (${shopId}, 'cmp-fixture', 'Fixture', ${definition}::jsonb, 'Hello', 'sent')`.execute(db);
  await sql`insert into campaign_settings (shop_id) values (${shopId})`.execute(db);
  await sql`insert into campaign_recipients (shop_id, campaign_id, profile_id, email, holdout, status, sent_at, clicked_at)
    values (${shopId}, 'cmp-fixture', 'list-fixture', 'list@fixture.test', false, 'sent', now(), now())`.execute(db);
  await sql`insert into campaign_clicks (shop_id, campaign_id, profile_id, url) values (${shopId}, 'cmp-fixture', 'list-fixture', 'https://shop.test/p/1')`.execute(db);
  await sql`insert into marketing_unsubscribes (shop_id, email, campaign_id) values (${shopId}, 'gone@fixture.test', 'cmp-fixture')`.execute(db);
}

/** The privacy tests' person in a campaign: their recipient row, a click and their unsubscribe. */
export async function seedCampaignPersonFixture(db: Db, shopId: string, p: { customerId: string; email: string; firstName: string }): Promise<void> {
  await sql`insert into campaign_recipients (shop_id, campaign_id, profile_id, email, customer_id, first_name, holdout, status, sent_at, clicked_at)
    values (${shopId}, 'cmp-fixture', ${p.customerId}, ${p.email.toLowerCase()}, ${p.customerId}, ${p.firstName}, false, 'sent', now(), now())`.execute(db);
  await sql`insert into campaign_clicks (shop_id, campaign_id, profile_id, url) values (${shopId}, 'cmp-fixture', ${p.customerId}, 'https://shop.test/p/2')`.execute(db);
  await sql`insert into marketing_unsubscribes (shop_id, email, campaign_id) values (${shopId}, ${p.email.toLowerCase()}, 'cmp-fixture')`.execute(db);
}
