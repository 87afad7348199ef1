import { storableId } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { countAudience, listAudienceMembers } from './audience.repository.js';
import type { CampaignMailDeps } from './campaign-email.service.js';
import { listCampaignFigures, listCampaignRecipients } from './campaign-report.repository.js';
import { deleteSegment, findCampaignById, findCampaignSettings, findSegmentById, listCampaigns, listSegments, updateSegment, upsertCampaignSettings, cancelCampaign } from './campaigns.repository.js';
import { createCampaign, createSegment, findCampaignReport, previewCampaignEmail, scheduleCampaignSend } from './campaigns.service.js';
import { segmentDefinitionSchema } from './segment.schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const segmentBody = z.object({ name: text(200), definition: segmentDefinitionSchema }).strict();
const countBody = z.object({ definition: segmentDefinitionSchema }).strict();
const membersQuery = z.object({ after: storableId.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const campaignBody = z
  .object({
    name: text(200),
    segmentId: storableId.optional(),
    definition: segmentDefinitionSchema.optional(),
    language: z.enum(['en', 'ru']).default('en'),
    subject: text(200),
    intro: z.string().max(2000).default(''),
    holdoutPercent: z.number().int().min(0).max(90).default(10),
    productCount: z.number().int().min(1).max(6).default(4),
  })
  .strict()
  .refine((c) => (c.segmentId === undefined) !== (c.definition === undefined), 'give either segmentId or definition');
const scheduleBody = z.object({ sendAt: z.iso.datetime({ offset: true }) }).strict();
const previewParams = z.object({ id: storableId, profileId: storableId });
const settingsBody = z
  .object({
    frequencyCap: z.number().int().min(1).max(100),
    frequencyDays: z.number().int().min(1).max(365),
    ratePerSecond: z.number().int().min(1).max(10_000),
    concurrency: z.number().int().min(1).max(50),
    attributionDays: z.number().int().min(1).max(90),
  })
  .partial()
  .strict();

const settingsOf = (s: Awaited<ReturnType<typeof findCampaignSettings>>) => ({
  frequencyCap: s.frequency_cap,
  frequencyDays: s.frequency_days,
  ratePerSecond: s.rate_per_second,
  concurrency: s.concurrency,
  attributionDays: s.attribution_days,
});

const segmentNotFound = () => new HttpError(404, 'segment_not_found', 'No such segment in this shop.');
const campaignNotFound = () => new HttpError(404, 'campaign_not_found', 'No such campaign in this shop.');

/**
 * Audiences and campaigns (under the one `/v1/admin` authentication; owners
 * only, see merchant-users/role-access.ts):
 * `GET|POST /v1/admin/segments`, `GET|PUT|DELETE /v1/admin/segments/:id`
 * (GET with its live count), `POST /v1/admin/segments/count` (an unsaved
 * definition), `GET /v1/admin/segments/:id/members?after=&limit=`;
 * `GET|POST /v1/admin/campaigns`, `GET /v1/admin/campaigns/:id` (with its
 * report), `POST /v1/admin/campaigns/:id/schedule` `{ sendAt }`,
 * `POST /v1/admin/campaigns/:id/send` (now), `POST /v1/admin/campaigns/:id/cancel`,
 * `GET /v1/admin/campaigns/:id/report`,
 * `GET /v1/admin/campaigns/:id/preview/:profileId` (the exact e-mail;
 * `…/html` answers its HTML part alone, for the panel's preview frame),
 * `GET /v1/admin/campaigns/:id/recipients?after=&limit=` (the planned
 * recipients and what happened to each; before planning, the mailable
 * audience as it is now);
 * `GET|PUT /v1/admin/campaign-settings` (frequency cap, rate, concurrency, attribution window).
 */
export function adminCampaignRoutes(deps: CampaignMailDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get('/v1/admin/segments', async function getSegments(_req, res) {
    res.json({ segments: await listSegments(db, adminShop(res).id) });
  });

  router.post('/v1/admin/segments', async function postSegment(req, res) {
    const body = parseOrThrow(segmentBody, req.body ?? {}, 'request body');
    res.status(201).json(await createSegment(db, adminShop(res).id, body));
  });

  // Before `/segments/:id`: `count` is not a segment id.
  router.post('/v1/admin/segments/count', async function postSegmentCount(req, res) {
    const { definition } = parseOrThrow(countBody, req.body ?? {}, 'request body');
    res.json(await countAudience(db, adminShop(res).id, definition, new Date()));
  });

  router.get('/v1/admin/segments/:id', async function getSegment(req, res) {
    const shopId = adminShop(res).id;
    const segment = await findSegmentById(db, shopId, idParam(req));
    if (!segment) throw segmentNotFound();
    res.json({ ...segment, count: await countAudience(db, shopId, segment.definition, new Date()) });
  });

  router.put('/v1/admin/segments/:id', async function putSegment(req, res) {
    const id = idParam(req);
    const body = parseOrThrow(segmentBody, req.body ?? {}, 'request body');
    const shopId = adminShop(res).id;
    if (!(await updateSegment(db, { shopId, id, ...body }))) throw segmentNotFound();
    res.json(await findSegmentById(db, shopId, id));
  });

  router.delete('/v1/admin/segments/:id', async function deleteSegmentRoute(req, res) {
    if (!(await deleteSegment(db, adminShop(res).id, idParam(req)))) throw segmentNotFound();
    res.status(204).end();
  });

  router.get('/v1/admin/segments/:id/members', async function getSegmentMembers(req, res) {
    const shopId = adminShop(res).id;
    const segment = await findSegmentById(db, shopId, idParam(req));
    if (!segment) throw segmentNotFound();
    const page = parseOrThrow(membersQuery, req.query, 'query');
    const members = await listAudienceMembers(db, shopId, segment.definition, new Date(), page);
    res.json({ members, next: members.length === page.limit ? members[members.length - 1]!.profileId : null });
  });

  router.get('/v1/admin/campaigns', async function getCampaigns(_req, res) {
    const shopId = adminShop(res).id;
    const [campaigns, figures] = await Promise.all([listCampaigns(db, shopId), listCampaignFigures(db, shopId)]);
    const byId = new Map(figures.map((f) => [f.campaignId, f]));
    const none = { planned: 0, heldOut: 0, pending: 0, sent: 0, opened: 0, clicked: 0 };
    const figuresOf = (id: string) => {
      const f = byId.get(id);
      return f ? { planned: f.planned, heldOut: f.heldOut, pending: f.pending, sent: f.sent, opened: f.opened, clicked: f.clicked } : none;
    };
    res.json({ campaigns: campaigns.map((c) => ({ ...c, figures: figuresOf(c.id) })) });
  });

  router.post('/v1/admin/campaigns', async function postCampaign(req, res) {
    const body = parseOrThrow(campaignBody, req.body ?? {}, 'request body');
    const result = await createCampaign(db, adminShop(res).id, body);
    if (!result.ok) throw result.code === 'segment_not_found' ? segmentNotFound() : new HttpError(400, 'no_audience', 'Give a segmentId or a definition.');
    res.status(201).json(result.campaign);
  });

  router.get('/v1/admin/campaigns/:id', async function getCampaign(req, res) {
    const shopId = adminShop(res).id;
    const campaign = await findCampaignById(db, shopId, idParam(req));
    if (!campaign) throw campaignNotFound();
    res.json({ ...campaign, report: await findCampaignReport(db, shopId, campaign.id) });
  });

  const schedule = async (shopId: string, id: string, sendAt: Date) => {
    const result = await scheduleCampaignSend(db, shopId, id, sendAt);
    if (result.ok) return result.campaign;
    if (result.code === 'campaign_not_found') throw campaignNotFound();
    throw new HttpError(409, 'not_schedulable', 'The campaign is sending, sent or cancelled.');
  };

  router.post('/v1/admin/campaigns/:id/schedule', async function postSchedule(req, res) {
    const id = idParam(req);
    const { sendAt } = parseOrThrow(scheduleBody, req.body ?? {}, 'request body');
    res.json(await schedule(adminShop(res).id, id, new Date(sendAt)));
  });

  router.post('/v1/admin/campaigns/:id/send', async function postSendNow(req, res) {
    res.json(await schedule(adminShop(res).id, idParam(req), new Date()));
  });

  router.post('/v1/admin/campaigns/:id/cancel', async function postCancel(req, res) {
    const shopId = adminShop(res).id;
    const id = idParam(req);
    if (await cancelCampaign(db, shopId, id)) return res.json(await findCampaignById(db, shopId, id));
    if (!(await findCampaignById(db, shopId, id))) throw campaignNotFound();
    throw new HttpError(409, 'not_cancellable', 'The campaign is already sent or cancelled.');
  });

  router.get('/v1/admin/campaigns/:id/report', async function getReport(req, res) {
    const report = await findCampaignReport(db, adminShop(res).id, idParam(req));
    if (!report) throw campaignNotFound();
    res.json(report);
  });

  router.get('/v1/admin/campaigns/:id/recipients', async function getRecipients(req, res) {
    const shopId = adminShop(res).id;
    const campaign = await findCampaignById(db, shopId, idParam(req));
    if (!campaign) throw campaignNotFound();
    const page = parseOrThrow(membersQuery, req.query, 'query');
    if (campaign.planned_at) {
      const recipients = await listCampaignRecipients(db, shopId, campaign.id, page);
      return res.json({ planned: true, recipients, next: recipients.length === page.limit ? recipients[recipients.length - 1]!.profileId : null });
    }
    // Not planned yet: who would get it if it were planned now (the holdout is drawn at planning).
    const members = await listAudienceMembers(db, shopId, campaign.definition, new Date(), page);
    const recipients = members.filter((m) => m.mailable && m.email).map((m) => ({ profileId: m.profileId, customerId: m.customerId, email: m.email!, firstName: m.firstName, holdout: false, status: 'not_planned', sentAt: null, openedAt: null, clickedAt: null, unsubscribedAt: null }));
    res.json({ planned: false, recipients, next: members.length === page.limit ? members[members.length - 1]!.profileId : null });
  });

  router.get('/v1/admin/campaigns/:id/preview/:profileId', async function getPreview(req, res) {
    const { id, profileId } = parseOrThrow(previewParams, req.params, 'path');
    const result = await previewCampaignEmail(deps, adminShop(res), id, profileId);
    if (result.ok) return res.json(result);
    if (result.code === 'campaign_not_found') throw campaignNotFound();
    throw new HttpError(404, 'not_a_recipient', 'This shopper is not among the campaign\'s mailable audience (no address, no consent, unsubscribed, suppressed, or not in the segment).');
  });

  // The e-mail's HTML for the panel's preview frame: its own inline styles
  // allowed (the panel's CSP forbids them), no script, and without the open
  // pixel, so that looking at a preview never counts as the shopper's open.
  router.get('/v1/admin/campaigns/:id/preview/:profileId/html', async function getPreviewHtml(req, res) {
    const { id, profileId } = parseOrThrow(previewParams, req.params, 'path');
    const result = await previewCampaignEmail(deps, adminShop(res), id, profileId);
    if (!result.ok) throw result.code === 'campaign_not_found' ? campaignNotFound() : new HttpError(404, 'not_a_recipient', 'This shopper is not among the campaign\'s mailable audience.');
    const html = result.email.html.replace(/<img\b[^>]*\/v1\/campaigns\/open\/[^>]*>/g, '');
    res.set({ 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-ancestors 'self'; sandbox", 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.type('html').send(html);
  });

  router.get('/v1/admin/campaign-settings', async function getSettings(_req, res) {
    res.json(settingsOf(await findCampaignSettings(db, adminShop(res).id)));
  });

  router.put('/v1/admin/campaign-settings', async function putSettings(req, res) {
    const b = parseOrThrow(settingsBody, req.body ?? {}, 'request body');
    const next = await upsertCampaignSettings(db, adminShop(res).id, {
      ...(b.frequencyCap !== undefined ? { frequency_cap: b.frequencyCap } : {}),
      ...(b.frequencyDays !== undefined ? { frequency_days: b.frequencyDays } : {}),
      ...(b.ratePerSecond !== undefined ? { rate_per_second: b.ratePerSecond } : {}),
      ...(b.concurrency !== undefined ? { concurrency: b.concurrency } : {}),
      ...(b.attributionDays !== undefined ? { attribution_days: b.attributionDays } : {}),
    });
    res.json(settingsOf(next));
  });

  return router;
}
