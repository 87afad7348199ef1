import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface CampaignPersonKeys {
  profileIds: string[];
  customerIds: string[];
  /** Lowercased. */
  emails: string[];
}

/**
 * Deletes a person's campaign rows: their recipient rows in every campaign
 * (address, first name, what happened to the e-mail), their tracked clicks
 * and their unsubscribe record. The erasure suppresses their identifiers, so
 * no campaign plans them again. Returns the rows deleted, by table.
 * @example await deleteCampaignRecordsOf(tx, 'shop_1', { profileIds: ['c-42'], customerIds: ['c-42'], emails: ['ann@example.com'] })
 * // => { campaign_recipients: 3, campaign_clicks: 1, marketing_unsubscribes: 1 }
 */
export async function deleteCampaignRecordsOf(db: Db, shopId: string, person: CampaignPersonKeys): Promise<Record<string, number>> {
  const who = { ...person, emails: person.emails.map((e) => e.toLowerCase()) };
  const clicks = await sql`delete from campaign_clicks where shop_id = ${shopId} and profile_id in (
      select profile_id from campaign_recipients where shop_id = ${shopId}
         and (profile_id = any(${who.profileIds}::text[]) or customer_id = any(${who.customerIds}::text[]) or email = any(${who.emails}::text[]))
      union select unnest(${who.profileIds}::text[]))`.execute(db);
  const recipients = await sql`delete from campaign_recipients where shop_id = ${shopId}
      and (profile_id = any(${who.profileIds}::text[]) or customer_id = any(${who.customerIds}::text[]) or email = any(${who.emails}::text[]))`.execute(db);
  const unsubscribes = await sql`delete from marketing_unsubscribes where shop_id = ${shopId} and email = any(${who.emails}::text[])`.execute(db);
  return {
    campaign_recipients: Number(recipients.numAffectedRows ?? 0),
    campaign_clicks: Number(clicks.numAffectedRows ?? 0),
    marketing_unsubscribes: Number(unsubscribes.numAffectedRows ?? 0),
  };
}

export interface CampaignEmailRecord { campaign_id: string; profile_id: string; email: string; status: string; holdout: boolean; [k: string]: unknown }
export interface CampaignClickRecord { campaign_id: string; profile_id: string; url: string; clicked_at: Date; [k: string]: unknown }

/**
 * A person's campaign rows for their data export: each campaign e-mail
 * planned or sent to them (without the unsubscribe token), their tracked
 * clicks and their unsubscribe record. Found as `deleteCampaignRecordsOf` finds them.
 * @example await listCampaignRecordsOf(db, 'shop_1', { profileIds: ['c-42'], customerIds: ['c-42'], emails: ['ann@example.com'] })
 * // => { emails: [{ campaign_id: 'cmp_1', email: 'ann@example.com', status: 'sent', ... }], clicks: [...], unsubscribes: [...] }
 */
export async function listCampaignRecordsOf(db: Db, shopId: string, person: CampaignPersonKeys): Promise<{ emails: CampaignEmailRecord[]; clicks: CampaignClickRecord[]; unsubscribes: { email: string; [k: string]: unknown }[] }> {
  const who = { ...person, emails: person.emails.map((e) => e.toLowerCase()) };
  const { rows: emails } = await sql<CampaignEmailRecord>`
    select campaign_id, profile_id, email, customer_id, anonymous_id, first_name, holdout, status, sent_at, opened_at, clicked_at, unsubscribed_at
      from campaign_recipients where shop_id = ${shopId}
       and (profile_id = any(${who.profileIds}::text[]) or customer_id = any(${who.customerIds}::text[]) or email = any(${who.emails}::text[]))
     order by campaign_id`.execute(db);
  const profileIds = [...new Set([...who.profileIds, ...emails.map((e) => String(e.profile_id))])];
  const { rows: clicks } = await sql<CampaignClickRecord>`
    select campaign_id, profile_id, url, clicked_at from campaign_clicks
     where shop_id = ${shopId} and profile_id = any(${profileIds}::text[]) order by clicked_at`.execute(db);
  const { rows: unsubscribes } = await sql<{ shop_id: string; email: string; [k: string]: unknown }>`
    select * from marketing_unsubscribes where shop_id = ${shopId} and email = any(${who.emails}::text[])`.execute(db);
  return { emails, clicks, unsubscribes: unsubscribes.map(({ shop_id: _s, ...u }) => u) };
}
