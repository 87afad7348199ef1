import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SegmentDefinition } from './segment.schema.js';

export interface CampaignSegmentsTable {
  shop_id: string;
  id: string;
  name: string;
  definition: ColumnType<SegmentDefinition, string, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type CampaignSegment = Selectable<CampaignSegmentsTable>;

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export type CampaignLanguage = 'en' | 'ru';

export interface CampaignsTable {
  shop_id: string;
  id: string;
  name: string;
  segment_id: string | null;
  definition: ColumnType<SegmentDefinition, string, string>;
  language: CampaignLanguage;
  subject: string;
  intro: string;
  status: CampaignStatus;
  send_at: Date | null;
  holdout_percent: number;
  product_count: number;
  /** When the recipients were planned (their rows written); null until then. */
  planned_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Generated<Date>;
}
export type Campaign = Selectable<CampaignsTable>;

/**
 * pending → sending (committed before SMTP) → sent | failed; a `sending` row
 * found after a crash → unknown (never resent). held_out: the holdout group;
 * capped: over the frequency cap when its turn came; excluded: unsubscribed,
 * suppressed or without consent by its turn.
 */
export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'unknown' | 'failed' | 'held_out' | 'capped' | 'excluded';

export interface CampaignRecipientsTable {
  shop_id: string;
  campaign_id: string;
  profile_id: string;
  email: string;
  customer_id: string | null;
  anonymous_id: string | null;
  first_name: string | null;
  holdout: boolean;
  status: RecipientStatus;
  attempts: Generated<number>;
  sent_at: Date | null;
  last_error: string | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  unsubscribed_at: Date | null;
}
export type CampaignRecipient = Selectable<CampaignRecipientsTable>;

export interface CampaignClicksTable {
  shop_id: string;
  campaign_id: string;
  profile_id: string;
  id: Generated<number>;
  url: string;
  clicked_at: Generated<Date>;
}

export interface MarketingUnsubscribesTable {
  shop_id: string;
  /** Lowercased. */
  email: string;
  campaign_id: string | null;
  unsubscribed_at: Generated<Date>;
}

export interface CampaignSettingsTable {
  shop_id: string;
  /** At most this many marketing e-mails to one shopper... */
  frequency_cap: Generated<number>;
  /** ...in this many days, across all campaigns. */
  frequency_days: Generated<number>;
  rate_per_second: Generated<number>;
  /** SMTP conversations at once; also the most messages that can be left in doubt by a crash. */
  concurrency: Generated<number>;
  /** Orders this many days after a click (or, for the lift, after the send) count for the campaign. */
  attribution_days: Generated<number>;
}
export type CampaignSettings = Selectable<CampaignSettingsTable>;
