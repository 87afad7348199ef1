import { z } from 'zod';

const row = z.record(z.string(), z.unknown());
const time = z.union([z.date(), z.string()]);

/**
 * The document `exportCustomer` returns (GDPR Art. 15 and 20; Shopify's
 * `customers/data_request`): everything Vitrina holds about one customer.
 * `schemaVersion` changes when a field's meaning does.
 */
export const customerExportSchema = z.object({
  schemaVersion: z.literal(1),
  shopId: z.string(),
  exportedAt: z.string(),
  identifiers: z.object({
    customerIds: z.array(z.string()),
    anonymousIds: z.array(z.string()),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    orderIds: z.array(z.string()),
  }),
  customerRecords: z.array(row),
  profiles: z.array(row),
  /** Segment, RFM scores and loyalty status derived from each known profile. */
  derived: z.array(z.object({ profileId: z.string(), segment: z.string().nullable(), rfm: row, loyaltyDiscountDue: z.unknown() })),
  identities: z.array(z.object({ kind: z.string(), value: z.string(), profile_id: z.string(), linked_at: time })),
  merges: z.array(row),
  /** Every tracked event, consent changes among them, oldest first. */
  events: z.array(z.object({ message_id: z.string(), type: z.string(), event: z.string().nullable(), timestamp: time, received_at: time }).passthrough()),
  failedEvents: z.array(row),
  orders: z.array(z.object({ id: z.string(), status: z.string(), items: z.array(row), timeline: z.array(row) }).passthrough()),
  claims: z.array(z.object({ id: z.string(), problem: z.string(), history: z.array(row) }).passthrough()),
  emails: z.array(z.object({ kind: z.string(), to_address: z.string(), subject: z.string(), body_text: z.string(), status: z.string() }).passthrough()),
  /** Marketing e-mails planned or sent to them (campaigns/), their tracked clicks and their unsubscribe. */
  campaignEmails: z.array(z.object({ campaign_id: z.string(), email: z.string(), status: z.string(), holdout: z.boolean() }).passthrough()),
  campaignClicks: z.array(z.object({ campaign_id: z.string(), url: z.string() }).passthrough()),
  marketingUnsubscribes: z.array(z.object({ email: z.string() }).passthrough()),
});

export type CustomerExport = z.infer<typeof customerExportSchema>;
