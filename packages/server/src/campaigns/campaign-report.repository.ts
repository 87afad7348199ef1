import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface GroupOutcome {
  recipients: number;
  /** Recipients with an order within the window after the send started. */
  converted: number;
  revenue: number;
  /** Sum of each recipient's revenue squared, for the variance. */
  revenueSquares: number;
}

export interface CampaignCounts {
  planned: number;
  sent: number;
  unknown: number;
  failed: number;
  capped: number;
  excluded: number;
  heldOut: number;
  pending: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  attributedOrders: number;
  attributedRevenue: number;
}

/** The campaign's counts; attributed orders are placed by a recipient within `attributionDays` after their first click. */
export async function countCampaignOutcomes(db: Db, shopId: string, campaignId: string, attributionDays: number): Promise<CampaignCounts> {
  const { rows } = await sql<CampaignCounts>`
    select count(*)::int as planned,
           (count(*) filter (where status = 'sent'))::int as sent,
           (count(*) filter (where status = 'unknown'))::int as unknown,
           (count(*) filter (where status = 'failed'))::int as failed,
           (count(*) filter (where status = 'capped'))::int as capped,
           (count(*) filter (where status = 'excluded'))::int as excluded,
           (count(*) filter (where status = 'held_out'))::int as "heldOut",
           (count(*) filter (where status in ('pending', 'sending')))::int as pending,
           (count(*) filter (where opened_at is not null))::int as opened,
           (count(*) filter (where clicked_at is not null))::int as clicked,
           (count(*) filter (where unsubscribed_at is not null))::int as unsubscribed,
           coalesce(sum(a.orders), 0)::int as "attributedOrders",
           coalesce(sum(a.revenue), 0)::float8 as "attributedRevenue"
      from campaign_recipients r
      left join lateral (select count(*) as orders, sum(po.total) as revenue from profile_orders po
                          where r.clicked_at is not null and po.shop_id = r.shop_id and po.profile_id = r.profile_id
                            and po.placed_at >= r.clicked_at and po.placed_at < r.clicked_at + make_interval(days => ${attributionDays}::int)) a on true
     where r.shop_id = ${shopId} and r.campaign_id = ${campaignId}`.execute(db);
  return rows[0]!;
}

/**
 * Conversion and revenue per group, as assigned (intention to treat: a
 * treated shopper who was capped or unsubscribed still counts as treated, so
 * the two groups stay comparable): orders placed from the campaign's start
 * until `windowDays` after it.
 */
export async function findGroupOutcomes(db: Db, shopId: string, campaignId: string, startedAt: Date, windowDays: number): Promise<{ treated: GroupOutcome; holdout: GroupOutcome }> {
  const { rows } = await sql<GroupOutcome & { holdout: boolean }>`
    select r.holdout, count(*)::int as recipients, (count(*) filter (where o.revenue is not null))::int as converted,
           coalesce(sum(o.revenue), 0)::float8 as revenue, coalesce(sum(o.revenue * o.revenue), 0)::float8 as "revenueSquares"
      from campaign_recipients r
      left join lateral (select sum(po.total)::float8 as revenue from profile_orders po
                          where po.shop_id = r.shop_id and po.profile_id = r.profile_id
                            and po.placed_at >= ${startedAt} and po.placed_at < ${startedAt}::timestamptz + make_interval(days => ${windowDays}::int)) o on true
     where r.shop_id = ${shopId} and r.campaign_id = ${campaignId}
     group by r.holdout`.execute(db);
  const empty: GroupOutcome = { recipients: 0, converted: 0, revenue: 0, revenueSquares: 0 };
  const pick = (h: boolean) => {
    const row = rows.find((r) => r.holdout === h);
    return row ? { recipients: row.recipients, converted: row.converted, revenue: row.revenue, revenueSquares: row.revenueSquares } : empty;
  };
  return { treated: pick(false), holdout: pick(true) };
}

export interface CampaignListFigures {
  campaignId: string;
  planned: number;
  heldOut: number;
  /** Recipients still to send (pending or sending). */
  pending: number;
  sent: number;
  opened: number;
  clicked: number;
}

/** Each campaign's key figures for the list, in one statement (attributed orders are the report's, per campaign). */
export async function listCampaignFigures(db: Db, shopId: string): Promise<CampaignListFigures[]> {
  const { rows } = await sql<CampaignListFigures>`
    select campaign_id as "campaignId", count(*)::int as planned,
           (count(*) filter (where status = 'held_out'))::int as "heldOut",
           (count(*) filter (where status in ('pending', 'sending')))::int as pending,
           (count(*) filter (where status = 'sent'))::int as sent,
           (count(*) filter (where opened_at is not null))::int as opened,
           (count(*) filter (where clicked_at is not null))::int as clicked
      from campaign_recipients where shop_id = ${shopId} group by campaign_id`.execute(db);
  return rows;
}

export interface CampaignRecipientRow {
  profileId: string;
  customerId: string | null;
  email: string;
  firstName: string | null;
  holdout: boolean;
  status: string;
  sentAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
}

/** One page of a planned campaign's recipients, by profile id after `after` (keyset paging). */
export async function listCampaignRecipients(db: Db, shopId: string, campaignId: string, page: { after?: string | undefined; limit: number }): Promise<CampaignRecipientRow[]> {
  const { rows } = await sql<CampaignRecipientRow>`
    select profile_id as "profileId", customer_id as "customerId", email, first_name as "firstName", holdout, status,
           sent_at as "sentAt", opened_at as "openedAt", clicked_at as "clickedAt", unsubscribed_at as "unsubscribedAt"
      from campaign_recipients
     where shop_id = ${shopId} and campaign_id = ${campaignId} ${page.after === undefined ? sql`` : sql`and profile_id > ${page.after}`}
     order by profile_id limit ${page.limit}`.execute(db);
  return rows;
}
