import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Campaign, CampaignRecipient, CampaignSegment, CampaignSettings, CampaignsTable } from './campaigns.table.js';
import type { SegmentDefinition } from './segment.schema.js';
import type { Insertable } from 'kysely';

export async function insertSegment(db: Db, s: { shopId: string; id: string; name: string; definition: SegmentDefinition }): Promise<void> {
  await db.insertInto('campaign_segments').values({ shop_id: s.shopId, id: s.id, name: s.name, definition: JSON.stringify(s.definition) }).execute();
}

export async function updateSegment(db: Db, s: { shopId: string; id: string; name: string; definition: SegmentDefinition }): Promise<boolean> {
  const r = await db
    .updateTable('campaign_segments')
    .set({ name: s.name, definition: JSON.stringify(s.definition), updated_at: new Date() })
    .where('shop_id', '=', s.shopId)
    .where('id', '=', s.id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSegment(db: Db, shopId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('campaign_segments').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findSegmentById(db: Db, shopId: string, id: string): Promise<CampaignSegment | undefined> {
  return db.selectFrom('campaign_segments').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export async function listSegments(db: Db, shopId: string): Promise<CampaignSegment[]> {
  return db.selectFrom('campaign_segments').selectAll().where('shop_id', '=', shopId).orderBy('created_at').execute();
}

export async function insertCampaign(db: Db, c: Insertable<CampaignsTable>): Promise<void> {
  await db.insertInto('campaigns').values(c).execute();
}

export async function findCampaignById(db: Db, shopId: string, id: string): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export async function listCampaigns(db: Db, shopId: string): Promise<Campaign[]> {
  return db.selectFrom('campaigns').selectAll().where('shop_id', '=', shopId).orderBy('created_at', 'desc').execute();
}

/** A draft or scheduled campaign to send at `sendAt` (now: at once); false when it is past that. */
export async function scheduleCampaign(db: Db, shopId: string, id: string, sendAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('campaigns')
    .set({ status: 'scheduled', send_at: sendAt })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function cancelCampaign(db: Db, shopId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('campaigns')
    .set({ status: 'cancelled', finished_at: new Date() })
    .where('shop_id', '=', shopId)
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'scheduled', 'sending'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Scheduled campaigns whose time has come start sending. */
export async function startDueCampaigns(db: Db): Promise<number> {
  const r = await sql`update campaigns set status = 'sending', started_at = coalesce(started_at, now()) where status = 'scheduled' and send_at <= now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Campaigns sending now, over all shops, oldest first. */
export async function listSendingCampaigns(db: Db, limit: number): Promise<Campaign[]> {
  return db.selectFrom('campaigns').selectAll().where('status', '=', 'sending').orderBy('started_at').limit(limit).execute();
}

export async function markCampaignPlanned(db: Db, c: Pick<Campaign, 'shop_id' | 'id'>): Promise<void> {
  await db.updateTable('campaigns').set({ planned_at: new Date() }).where('shop_id', '=', c.shop_id).where('id', '=', c.id).where('planned_at', 'is', null).execute();
}

export async function markCampaignSent(db: Db, c: Pick<Campaign, 'shop_id' | 'id'>): Promise<void> {
  await db.updateTable('campaigns').set({ status: 'sent', finished_at: new Date() }).where('shop_id', '=', c.shop_id).where('id', '=', c.id).where('status', '=', 'sending').execute();
}

const settingsDefaults = { frequency_cap: 2, frequency_days: 7, rate_per_second: 50, concurrency: 4, attribution_days: 7 };

export async function findCampaignSettings(db: Db, shopId: string): Promise<CampaignSettings> {
  const row = await db.selectFrom('campaign_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
  return row ?? { shop_id: shopId, ...settingsDefaults };
}

export async function upsertCampaignSettings(db: Db, shopId: string, s: Partial<Omit<CampaignSettings, 'shop_id'>>): Promise<CampaignSettings> {
  const current = await findCampaignSettings(db, shopId);
  const next = { ...current, ...s, shop_id: shopId };
  await db
    .insertInto('campaign_settings')
    .values(next)
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ frequency_cap: next.frequency_cap, frequency_days: next.frequency_days, rate_per_second: next.rate_per_second, concurrency: next.concurrency, attribution_days: next.attribution_days }))
    .execute();
  return next;
}

/**
 * A sender that takes a campaign over finds the rows its predecessor left in
 * `sending`: the SMTP server may have accepted them. They become `unknown`
 * and are never resent (at most the send concurrency of them per crash).
 */
export async function markInDoubtRecipientsUnknown(db: Db, c: Pick<Campaign, 'shop_id' | 'id'>): Promise<number> {
  const r = await sql`update campaign_recipients set status = 'unknown', last_error = 'in doubt: the sender stopped during the SMTP conversation'
    where shop_id = ${c.shop_id} and campaign_id = ${c.id} and status = 'sending'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * The next `limit` pending recipients, in one statement: those over the
 * frequency cap (marketing e-mails to the same address in the last
 * `frequencyDays`, any campaign, counting sent, sending and unknown) become
 * `capped`; those who unsubscribed since planning become `excluded`; the
 * rest become `sending` (committed before any SMTP conversation starts) and
 * are returned. Nothing is claimed once the campaign is no longer `sending`
 * (cancelled).
 */
export async function claimRecipients(db: Db, c: Pick<Campaign, 'shop_id' | 'id'>, s: Pick<CampaignSettings, 'frequency_cap' | 'frequency_days'>, limit: number): Promise<CampaignRecipient[]> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<CampaignRecipient & { verdict: 'sending' | 'capped' | 'excluded' }>`
      with next as (
        select r.shop_id, r.campaign_id, r.profile_id,
               case when exists (select 1 from marketing_unsubscribes mu where mu.shop_id = r.shop_id and mu.email = r.email) then 'excluded'
                    when (select count(*) from campaign_recipients o where o.shop_id = r.shop_id and lower(o.email) = r.email
                            and o.status in ('sent', 'sending', 'unknown') and o.sent_at > now() - make_interval(days => ${s.frequency_days}::int)) >= ${s.frequency_cap}::int then 'capped'
                    else 'sending' end as verdict
          from campaign_recipients r
         where r.shop_id = ${c.shop_id} and r.campaign_id = ${c.id} and r.status = 'pending'
           -- A campaign cancelled mid-send stops at its sender's next claim.
           and exists (select 1 from campaigns cs where cs.shop_id = r.shop_id and cs.id = r.campaign_id and cs.status = 'sending')
         order by r.profile_id limit ${limit}
         for update skip locked)
      update campaign_recipients r
         set status = next.verdict,
             attempts = r.attempts + (case when next.verdict = 'sending' then 1 else 0 end),
             sent_at = case when next.verdict = 'sending' then now() else r.sent_at end
        from next
       where r.shop_id = next.shop_id and r.campaign_id = next.campaign_id and r.profile_id = next.profile_id
      returning r.*, next.verdict`.execute(tx);
    return rows.filter((r) => r.verdict === 'sending');
  });
}

export async function markRecipientSent(db: Db, r: Pick<CampaignRecipient, 'shop_id' | 'campaign_id' | 'profile_id'>): Promise<void> {
  await sql`update campaign_recipients set status = 'sent', last_error = null
    where shop_id = ${r.shop_id} and campaign_id = ${r.campaign_id} and profile_id = ${r.profile_id} and status = 'sending'`.execute(db);
}

/** A refused message: due again (pending) while `retry`, else failed for good. */
export async function markRecipientFailed(db: Db, r: Pick<CampaignRecipient, 'shop_id' | 'campaign_id' | 'profile_id'>, error: string, retry: boolean): Promise<void> {
  await sql`update campaign_recipients set status = ${retry ? 'pending' : 'failed'}, sent_at = null, last_error = ${error.slice(0, 1000)}
    where shop_id = ${r.shop_id} and campaign_id = ${r.campaign_id} and profile_id = ${r.profile_id} and status = 'sending'`.execute(db);
}

export async function countUnfinishedRecipients(db: Db, c: Pick<Campaign, 'shop_id' | 'id'>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from campaign_recipients where shop_id = ${c.shop_id} and campaign_id = ${c.id} and status in ('pending', 'sending')`.execute(db);
  return row.rows[0]!.n;
}

export async function findRecipient(db: Db, shopId: string, campaignId: string, profileId: string): Promise<CampaignRecipient | undefined> {
  return db.selectFrom('campaign_recipients').selectAll().where('shop_id', '=', shopId).where('campaign_id', '=', campaignId).where('profile_id', '=', profileId).executeTakeFirst();
}

export async function recordOpen(db: Db, shopId: string, campaignId: string, profileId: string): Promise<void> {
  await sql`update campaign_recipients set opened_at = coalesce(opened_at, now()) where shop_id = ${shopId} and campaign_id = ${campaignId} and profile_id = ${profileId}`.execute(db);
}

export async function recordClick(db: Db, shopId: string, campaignId: string, profileId: string, url: string): Promise<boolean> {
  const r = await sql`update campaign_recipients set clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now())
    where shop_id = ${shopId} and campaign_id = ${campaignId} and profile_id = ${profileId}`.execute(db);
  if (!Number(r.numAffectedRows ?? 0)) return false;
  await db.insertInto('campaign_clicks').values({ shop_id: shopId, campaign_id: campaignId, profile_id: profileId, url: url.slice(0, 2000) }).execute();
  return true;
}

/** Idempotent: a second unsubscribe of the same address changes nothing. */
export async function insertUnsubscribe(db: Db, shopId: string, email: string, campaignId: string | null): Promise<void> {
  await db.insertInto('marketing_unsubscribes').values({ shop_id: shopId, email: email.toLowerCase(), campaign_id: campaignId }).onConflict((oc) => oc.columns(['shop_id', 'email']).doNothing()).execute();
  if (campaignId) {
    await sql`update campaign_recipients set unsubscribed_at = coalesce(unsubscribed_at, now()) where shop_id = ${shopId} and campaign_id = ${campaignId} and email = ${email.toLowerCase()}`.execute(db);
  }
}

export async function isUnsubscribed(db: Db, shopId: string, email: string): Promise<boolean> {
  const row = await db.selectFrom('marketing_unsubscribes').select('email').where('shop_id', '=', shopId).where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}
