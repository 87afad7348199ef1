import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { shopSaltJoin } from '../privacy/index.js';
import type { CampaignRecipient } from './campaigns.table.js';
import type { SegmentDefinition } from './segment.schema.js';
import { mailableSql, segmentSql } from './segment.sql.js';

export interface AudienceCounts {
  /** Profiles in the segment. */
  total: number;
  /** Of those, who may get marketing e-mail (address, consent, not unsubscribed or suppressed). */
  mailable: number;
}

/** The live count of a segment. */
export async function countAudience(db: Db, shopId: string, definition: SegmentDefinition, now: Date): Promise<AudienceCounts> {
  const { rows } = await sql<AudienceCounts>`
    select count(*)::int as total, (count(*) filter (where ${mailableSql}))::int as mailable
      from profiles p ${shopSaltJoin(sql`p.shop_id`)}
     where p.shop_id = ${shopId} and ${segmentSql(definition, now)}`.execute(db);
  return rows[0]!;
}

export interface AudienceMember {
  profileId: string;
  customerId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  region: string | null;
  orders: number;
  revenue: number;
  lastOrderAt: Date | null;
  mailable: boolean;
}

/** One page of a segment's members, by profile id after `after` (keyset paging). */
export async function listAudienceMembers(db: Db, shopId: string, definition: SegmentDefinition, now: Date, page: { after?: string | undefined; limit: number }): Promise<AudienceMember[]> {
  const { rows } = await sql<AudienceMember>`
    select p.id as "profileId", p.customer_id as "customerId", p.email, p.first_name as "firstName", p.last_name as "lastName", p.region,
           p.orders, p.revenue::float8 as revenue, p.last_order_at as "lastOrderAt", ${mailableSql} as mailable
      from profiles p ${shopSaltJoin(sql`p.shop_id`)}
     where p.shop_id = ${shopId} and ${segmentSql(definition, now)} ${page.after === undefined ? sql`` : sql`and p.id > ${page.after}`}
     order by p.id limit ${page.limit}`.execute(db);
  return rows;
}

type PlanArgs = { shopId: string; campaignId: string; definition: SegmentDefinition; holdoutPercent: number; now: Date };

/**
 * The campaign's recipients as rows of campaign_recipients: the segment's
 * mailable members, one per address (two profiles with the same e-mail get
 * one message: the oldest profile's), each put in the holdout by a hash of
 * campaign and profile (deterministic: planning again puts everyone in the
 * same group).
 */
function plannedRecipientsSql(c: PlanArgs, onlyProfileId?: string) {
  return sql`
    select distinct on (lower(p.email)) p.shop_id, ${c.campaignId}::text as campaign_id, p.id as profile_id, lower(p.email) as email, p.customer_id,
           (select pi.value from profile_identities pi where pi.shop_id = p.shop_id and pi.profile_id = p.id and pi.kind = 'anonymous' order by pi.linked_at desc limit 1) as anonymous_id,
           p.first_name, h.holdout, case when h.holdout then 'held_out' else 'pending' end as status
      from profiles p ${shopSaltJoin(sql`p.shop_id`)}
      cross join lateral (select ${holdoutSql(c.campaignId, sql`p.id`, c.holdoutPercent)} as holdout) h
     where p.shop_id = ${c.shopId} and ${mailableSql} and ${segmentSql(c.definition, c.now)}
           ${onlyProfileId === undefined ? sql`` : sql`and lower(p.email) = (select lower(x.email) from profiles x where x.shop_id = ${c.shopId} and x.id = ${onlyProfileId})`}
     order by lower(p.email), p.first_seen_at, p.id`;
}

/**
 * Writes a campaign's recipients (see plannedRecipientsSql) in one statement
 * inside the database: no list of 100,000 shoppers passes through this
 * process. A row already planned is left as it is. Returns the rows added.
 */
export async function insertPlannedRecipients(db: Db, c: PlanArgs): Promise<number> {
  const r = await sql`
    insert into campaign_recipients (shop_id, campaign_id, profile_id, email, customer_id, anonymous_id, first_name, holdout, status)
    select shop_id, campaign_id, profile_id, email, customer_id, anonymous_id, first_name, holdout, status from (${plannedRecipientsSql(c)}) planned
    on conflict (shop_id, campaign_id, profile_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The row planning would write for this shopper today, or undefined when they are not in the mailable audience (the preview of a draft). */
export async function findPlannableRecipient(db: Db, c: PlanArgs, profileId: string): Promise<CampaignRecipient | undefined> {
  const { rows } = await sql<Omit<CampaignRecipient, 'attempts' | 'sent_at' | 'last_error' | 'opened_at' | 'clicked_at' | 'unsubscribed_at'>>`${plannedRecipientsSql(c, profileId)}`.execute(db);
  const row = rows[0];
  if (!row || row.profile_id !== profileId) return undefined;
  return { ...row, attempts: 0, sent_at: null, last_error: null, opened_at: null, clicked_at: null, unsubscribed_at: null };
}

/**
 * The holdout draw: the first 4 bytes of sha256(campaign id ':' profile id)
 * as a number below 2^32, under `percent` of 2^32. `holdoutOf` is the same in
 * TypeScript (the preview says which group a shopper is in).
 */
function holdoutSql(campaignId: string, profileId: ReturnType<typeof sql>, percent: number) {
  return sql<boolean>`(('x' || encode(substring(sha256(convert_to(${campaignId} || ':' || ${profileId}, 'UTF8')) from 1 for 4), 'hex'))::bit(32)::bigint < ${Math.floor((percent / 100) * 2 ** 32)}::bigint)`;
}
