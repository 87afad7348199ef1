import type { Db } from '../db/database.js';
import { listCampaignRecordsOf } from '../campaigns/index.js';
import { findCustomerRecords, getCustomerDetail } from '../customers/index.js';
import { listEventsOf, listFailedEventsMentioning } from '../ingest/index.js';
import { exportOrders } from '../orders/index.js';
import { listOutboxMessagesAbout } from '../outbox/index.js';
import { exportProfileRows, isAnonymousProfileId, type ScoreSettings } from '../profiles/index.js';
import { exportClaims } from '../service-center/index.js';
import { insertAuditEntry } from './audit.repository.js';
import type { CustomerExport } from './customer-export.schema.js';
import { resolveCustomerIdentity } from './customer-identity.js';
import type { CustomerSelector } from './identifiers.js';

/**
 * One JSON document of everything held about a customer (see
 * customer-export.schema.ts), gathered from every slice as `eraseCustomer`
 * would find it; written to the audit (counts only).
 * @example const doc = await exportCustomer(db, 'shop_1', { email: 'ann@example.com' }, {}, 'cli'); doc.orders[0].items[0].serial_numbers // => ['SN-1']
 */
export async function exportCustomer(db: Db, shopId: string, who: CustomerSelector, settings: ScoreSettings, actor: string): Promise<CustomerExport> {
  const id = await resolveCustomerIdentity(db, shopId, who);
  const owner = { anonymousIds: id.anonymousIds, userIds: id.customerIds, emails: id.emails };
  const profileRows = await exportProfileRows(db, shopId, id.profileIds, id.anonymousIds);
  const claims = await exportClaims(db, shopId, { emails: id.emails, orderIds: id.orderIds });
  const refs = [...claims.map((c) => `claim:${c.id}`), ...id.orderIds.map((o) => `order:${o}`)];
  const derived = [];
  for (const p of profileRows.profiles.filter((p) => !isAnonymousProfileId(p.id))) {
    const detail = await getCustomerDetail(db, shopId, p.id, settings);
    if (detail.found) derived.push({ profileId: p.id, segment: detail.customer.segment, rfm: detail.customer.rfm, loyaltyDiscountDue: detail.customer.loyaltyDiscountDue });
  }
  const campaigns = await listCampaignRecordsOf(db, shopId, { profileIds: id.profileIds, customerIds: id.customerIds, emails: id.emails });
  const strip = <T extends { shop_id?: unknown }>(rows: T[]) => rows.map(({ shop_id: _s, ...r }) => r);
  const doc: CustomerExport = {
    schemaVersion: 1,
    shopId,
    exportedAt: new Date().toISOString(),
    identifiers: { customerIds: id.customerIds, anonymousIds: id.anonymousIds, emails: id.emails, phones: id.phones, orderIds: id.orderIds },
    customerRecords: strip(await findCustomerRecords(db, shopId, { customerIds: id.customerIds, emails: id.emails })),
    profiles: strip(profileRows.profiles),
    derived,
    identities: profileRows.identities,
    merges: profileRows.merges,
    events: await listEventsOf(db, shopId, owner),
    failedEvents: await listFailedEventsMentioning(db, shopId, [...id.anonymousIds, ...id.customerIds, ...id.emails]),
    orders: await exportOrders(db, shopId, id.orderIds),
    claims,
    emails: await listOutboxMessagesAbout(db, shopId, id.emails, refs),
    campaignEmails: campaigns.emails,
    campaignClicks: campaigns.clicks,
    marketingUnsubscribes: campaigns.unsubscribes,
  };
  await insertAuditEntry(db, {
    shopId,
    actor,
    action: 'export_customer',
    rows: { profiles: doc.profiles.length, events: doc.events.length, orders: doc.orders.length, claims: doc.claims.length, emails: doc.emails.length, campaignEmails: doc.campaignEmails.length },
  });
  return doc;
}
