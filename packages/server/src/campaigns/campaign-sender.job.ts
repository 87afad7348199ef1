import nodemailer, { type Transporter } from 'nodemailer';
import type { JobDefinition } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { findShopById } from '../shops/index.js';
import type { Campaign, CampaignRecipient } from './campaigns.table.js';
import {
  claimRecipients,
  countUnfinishedRecipients,
  findCampaignSettings,
  listSendingCampaigns,
  markCampaignPlanned,
  markCampaignSent,
  markInDoubtRecipientsUnknown,
  markRecipientFailed,
  markRecipientSent,
  startDueCampaigns,
} from './campaigns.repository.js';
import { insertPlannedRecipients } from './audience.repository.js';
import { composeCampaignEmail, type CampaignMailDeps } from './campaign-email.service.js';

export const CAMPAIGN_SENDER_JOB = 'campaign-sender';
const MAX_ATTEMPTS = 3;
const SMTP_TIMEOUTS = { dnsTimeout: 5_000, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export interface CampaignSenderOptions extends CampaignMailDeps {
  logger: Logger;
  smtpUrl: string;
  from: string;
  /** Send only this shop's campaigns (the demo mailbox takes the demo shop's only). */
  onlyShopId?: string | undefined;
  /** Messages per second, over the shop's own setting (benchmarks). */
  ratePerSecond?: number;
}

/**
 * How an SMTP failure leaves the message: refused (a reply code; 5xx for
 * good, 4xx to retry), not sent (no connection), or in doubt (the
 * conversation broke after the message may have been handed over).
 */
function failureOf(err: unknown): 'refused' | 'retry' | 'in_doubt' {
  const e = err as { responseCode?: number; code?: string; command?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'refused' : 'retry';
  if (e.command === 'CONN' || e.code === 'ECONNECTION' || e.code === 'ECONNREFUSED' || e.code === 'EDNS') return 'retry';
  return 'in_doubt';
}

/**
 * Campaigns as a job of the job runner (one sender at a time over every
 * process; a dead process's lease runs out and another takes over). Each run:
 * scheduled campaigns whose time came start; each sending campaign is planned
 * once (its recipients written by one statement, holdout drawn); rows its
 * predecessor left `sending` become `unknown`; then recipients are claimed
 * in pages (cap and unsubscribes checked in the claim) to keep `concurrency`
 * messages rendered and in SMTP conversations at once, at most
 * `rate_per_second`. Memory holds the messages in flight, never the audience.
 * @example startJobRunner({ db, logger, jobs: [campaignSenderJob({ db, models, publicOrigin, logger, smtpUrl, from })] })
 */
export function campaignSenderJob(o: CampaignSenderOptions): JobDefinition & { close(): void } {
  const transports = new Map<number, Transporter>();
  const transportFor = (concurrency: number) => {
    let t = transports.get(concurrency);
    if (!t) {
      t = nodemailer.createTransport({ url: o.smtpUrl, pool: true, maxConnections: concurrency, maxMessages: Infinity, ...SMTP_TIMEOUTS });
      transports.set(concurrency, t);
    }
    return t;
  };

  async function sendCampaign(campaign: Campaign, signal: AbortSignal): Promise<void> {
    const { db, logger } = o;
    const shop = await findShopById(db, campaign.shop_id);
    if (!shop) return;
    if (!campaign.planned_at) {
      const planned = await insertPlannedRecipients(db, { shopId: campaign.shop_id, campaignId: campaign.id, definition: campaign.definition, holdoutPercent: campaign.holdout_percent, now: new Date() });
      await markCampaignPlanned(db, campaign);
      logger.info('campaign planned', { shopId: campaign.shop_id, campaign: campaign.id, recipients: planned });
    }
    const unknown = await markInDoubtRecipientsUnknown(db, campaign);
    if (unknown) logger.warn('campaign messages in doubt after a stop, marked unknown and not resent', { shopId: campaign.shop_id, campaign: campaign.id, unknown });
    const settings = await findCampaignSettings(db, campaign.shop_id);
    const rate = o.ratePerSecond ?? settings.rate_per_second;
    const transport = transportFor(settings.concurrency);
    // A sliding window of `concurrency` messages in flight: a new page is
    // claimed as soon as half the window is free, so no conversation waits
    // for the slowest of its page. Never more than `concurrency` rows are
    // `sending` at once, which bounds what a crash can leave in doubt.
    const window = settings.concurrency;
    const inFlight = new Set<Promise<void>>();
    const began = Date.now();
    let claimed = 0;
    // A database failure recording a message ends the run once the others are recorded (the job retries).
    let failure: { error: unknown } | undefined;
    while (!signal.aborted && !failure) {
      const free = window - inFlight.size;
      if (free >= Math.ceil(window / 2) || inFlight.size === 0) {
        // At most `rate` a second on average since the send began.
        const ahead = (claimed / rate) * 1000 - (Date.now() - began);
        if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
        const page = await claimRecipients(db, campaign, settings, free);
        claimed += page.length;
        for (const r of page) {
          const sending: Promise<void> = sendOne(transport, shop, campaign, r)
            .catch((error: unknown) => void (failure ??= { error }))
            .finally(() => inFlight.delete(sending));
          inFlight.add(sending);
        }
        // Nothing left to claim and nothing in flight (a retried one is claimable again meanwhile).
        if (page.length === 0 && inFlight.size === 0) break;
        if (page.length === 0) await Promise.race(inFlight);
        continue;
      }
      await Promise.race(inFlight);
    }
    // A stop lets the conversations under way finish and be recorded.
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    if (!signal.aborted && (await countUnfinishedRecipients(db, campaign)) === 0) {
      await markCampaignSent(db, campaign);
      logger.info('campaign sent', { shopId: campaign.shop_id, campaign: campaign.id });
    }
  }

  async function sendOne(transport: Transporter, shop: NonNullable<Awaited<ReturnType<typeof findShopById>>>, campaign: Campaign, r: CampaignRecipient): Promise<void> {
    const { db, logger } = o;
    let mail;
    try {
      mail = await composeCampaignEmail(o, shop, campaign, r);
    } catch (err) {
      // Nothing went out: due again.
      await markRecipientFailed(db, r, `render: ${(err as Error).message}`, r.attempts < MAX_ATTEMPTS);
      return;
    }
    try {
      await transport.sendMail({ from: o.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text, headers: mail.headers });
    } catch (err) {
      const kind = failureOf(err);
      logger.warn('campaign message not sent', { shopId: r.shop_id, campaign: r.campaign_id, kind, error: (err as Error).message });
      // In doubt: left `sending`, which the next run marks unknown.
      if (kind === 'in_doubt') return;
      await markRecipientFailed(db, r, (err as Error).message, kind === 'retry' && r.attempts < MAX_ATTEMPTS);
      return;
    }
    await markRecipientSent(db, r);
  }

  return {
    name: CAMPAIGN_SENDER_JOB,
    intervalMs: 1_000,
    async run({ signal }) {
      await startDueCampaigns(o.db);
      const sending = (await listSendingCampaigns(o.db, 20)).filter((c) => !o.onlyShopId || c.shop_id === o.onlyShopId);
      for (const campaign of sending) {
        if (signal.aborted) return;
        await sendCampaign(campaign, signal);
      }
    },
    close() {
      for (const t of transports.values()) t.close();
    },
  };
}
