import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Shop } from '../shops/index.js';
import { findPlannableRecipient } from './audience.repository.js';
import { composeCampaignEmail, type CampaignMailDeps, type ComposedEmail } from './campaign-email.service.js';
import { countCampaignOutcomes, findGroupOutcomes, type CampaignCounts } from './campaign-report.repository.js';
import type { Campaign, CampaignLanguage, CampaignRecipient, CampaignSegment, RecipientStatus } from './campaigns.table.js';
import { findCampaignById, findCampaignSettings, findRecipient, findSegmentById, insertCampaign, insertSegment, scheduleCampaign } from './campaigns.repository.js';
import { estimateLift, type Lift } from './lift.js';
import type { SegmentDefinition } from './segment.schema.js';

const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;

export interface NewCampaign {
  name: string;
  /** A saved segment (its definition is copied in), or a definition of its own. */
  segmentId?: string | undefined;
  definition?: SegmentDefinition | undefined;
  language: CampaignLanguage;
  subject: string;
  intro: string;
  holdoutPercent: number;
  productCount: number;
}

export type CreateCampaignResult = { ok: true; campaign: Campaign } | { ok: false; code: 'segment_not_found' | 'no_audience' };

/**
 * A draft campaign. The audience is copied in at creation, so editing the
 * saved segment later does not change who this campaign goes to.
 * @example await createCampaign(db, 'shop_1', { name: 'Autumn', segmentId: 'seg_1', language: 'en', subject: 'New for you', intro: '', holdoutPercent: 10, productCount: 4 })
 * // => { ok: true, campaign: { id: 'cmp_…', status: 'draft', … } }
 */
export async function createCampaign(db: Db, shopId: string, c: NewCampaign): Promise<CreateCampaignResult> {
  let definition = c.definition;
  if (c.segmentId) {
    const segment = await findSegmentById(db, shopId, c.segmentId);
    if (!segment) return { ok: false, code: 'segment_not_found' };
    definition = segment.definition;
  }
  if (!definition) return { ok: false, code: 'no_audience' };
  const id = newId('cmp');
  await insertCampaign(db, {
    shop_id: shopId,
    id,
    name: c.name,
    segment_id: c.segmentId ?? null,
    definition: JSON.stringify(definition),
    language: c.language,
    subject: c.subject,
    intro: c.intro,
    status: 'draft',
    send_at: null,
    holdout_percent: c.holdoutPercent,
    product_count: c.productCount,
    planned_at: null,
    started_at: null,
    finished_at: null,
  });
  return { ok: true, campaign: (await findCampaignById(db, shopId, id))! };
}

export type ScheduleResult = { ok: true; campaign: Campaign } | { ok: false; code: 'campaign_not_found' | 'not_schedulable' };

/**
 * Schedules a draft (or moves a scheduled campaign) to `sendAt`; `now` sends
 * at the sender's next run (about a second). A campaign already sending or
 * sent cannot be scheduled again.
 */
export async function scheduleCampaignSend(db: Db, shopId: string, id: string, sendAt: Date): Promise<ScheduleResult> {
  const campaign = await findCampaignById(db, shopId, id);
  if (!campaign) return { ok: false, code: 'campaign_not_found' };
  if (!(await scheduleCampaign(db, shopId, id, sendAt))) return { ok: false, code: 'not_schedulable' };
  return { ok: true, campaign: (await findCampaignById(db, shopId, id))! };
}

export interface CampaignReport {
  counts: CampaignCounts;
  /** Opens come from an image: mail clients that prefetch images (Apple Mail) open every message, others block them. */
  opensApproximate: true;
  attributionDays: number;
  groups: Awaited<ReturnType<typeof findGroupOutcomes>> | undefined;
  /** Treated against holdout, with 95% intervals; undefined before the send or while a group has fewer than 2 shoppers. */
  lift: Lift | undefined;
}

/**
 * Sent, opened, clicked, unsubscribed and attributed orders (within the
 * shop's attribution window after a click), and the lift: conversion and
 * revenue per recipient of the treated group against the holdout, orders
 * from the send's start until the window's end.
 */
export async function findCampaignReport(db: Db, shopId: string, id: string): Promise<CampaignReport | undefined> {
  const campaign = await findCampaignById(db, shopId, id);
  if (!campaign) return undefined;
  const settings = await findCampaignSettings(db, shopId);
  const counts = await countCampaignOutcomes(db, shopId, id, settings.attribution_days);
  const groups = campaign.started_at ? await findGroupOutcomes(db, shopId, id, campaign.started_at, settings.attribution_days) : undefined;
  return { counts, opensApproximate: true, attributionDays: settings.attribution_days, groups, lift: groups ? estimateLift(groups.treated, groups.holdout) : undefined };
}

export type PreviewResult =
  | { ok: true; group: 'treated' | 'holdout'; status: RecipientStatus | 'not_planned'; email: ComposedEmail }
  | { ok: false; code: 'campaign_not_found' | 'not_a_recipient' };

/**
 * The exact e-mail a shopper gets from this campaign (composed now, as the
 * sender would compose it now): the planned recipient's row once the
 * campaign is planned, else the shopper as they are in the audience today.
 * A shopper outside the mailable audience is `not_a_recipient`; one in the
 * holdout is shown with `group: 'holdout'` (they get nothing).
 */
export async function previewCampaignEmail(deps: CampaignMailDeps, shop: Pick<Shop, 'id' | 'name' | 'signing_secret' | 'settings'>, campaignId: string, profileId: string): Promise<PreviewResult> {
  const campaign = await findCampaignById(deps.db, shop.id, campaignId);
  if (!campaign) return { ok: false, code: 'campaign_not_found' };
  let recipient: CampaignRecipient | undefined = campaign.planned_at ? await findRecipient(deps.db, shop.id, campaignId, profileId) : undefined;
  const status = recipient?.status ?? 'not_planned';
  if (!recipient && !campaign.planned_at) {
    recipient = await findPlannableRecipient(deps.db, { shopId: shop.id, campaignId, definition: campaign.definition, holdoutPercent: campaign.holdout_percent, now: new Date() }, profileId);
  }
  if (!recipient) return { ok: false, code: 'not_a_recipient' };
  return { ok: true, group: recipient.holdout ? 'holdout' : 'treated', status, email: await composeCampaignEmail(deps, shop, campaign, recipient) };
}

/**
 * A saved audience.
 * @example await createSegment(db, 'shop_1', { name: 'Coffee lovers', definition: { type: 'bought', item: { category: 'Coffee' } } }) // => { id: 'seg_…', … }
 */
export async function createSegment(db: Db, shopId: string, s: { name: string; definition: SegmentDefinition }): Promise<CampaignSegment> {
  const id = newId('seg');
  await insertSegment(db, { shopId, id, name: s.name, definition: s.definition });
  return (await findSegmentById(db, shopId, id))!;
}
