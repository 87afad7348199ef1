import type { Db } from '../db/database.js';
import { deleteCampaignRecordsOf } from '../campaigns/index.js';
import { deleteCustomerRecords, findCustomerRecords } from '../customers/index.js';
import { deleteEventsOf, deleteFailedEventsMentioning } from '../ingest/index.js';
import { anonymizeOrders } from '../orders/index.js';
import { deleteOutboxMessagesAbout } from '../outbox/index.js';
import { deleteProfileRows } from '../profiles/index.js';
import { deleteClaimsOf } from '../service-center/index.js';
import { deleteShopifyRecordsOf } from '../shopify/index.js';
import { insertAuditEntry } from './audit.repository.js';
import { resolveCustomerIdentity, type CustomerIdentity } from './customer-identity.js';
import { identifierHash, type CustomerSelector } from './identifiers.js';
import type { IdentifierKind } from './privacy.table.js';
import { deleteSuppressedIdentifiers, findOrCreateSalt, findSalt, insertSuppressedIdentifiers } from './suppression.repository.js';

export interface ErasureResult {
  /** Rows deleted or anonymized, by table. */
  rows: Record<string, number>;
  /** Identifiers now suppressed (hashed), by kind. */
  suppressed: Record<IdentifierKind, number>;
}

/**
 * Erases one customer from every slice, in one transaction: events, failed
 * events, profiles and their links, customer records, claims with their
 * photos and histories, lookup counters, e-mails to them or about their
 * claims and orders, their campaign e-mails, clicks and unsubscribe, Shopify
 * data-request exports and failed webhook bodies that name them; their
 * orders stay for the merchant's books, anonymized.
 * Then every identifier found is suppressed (a salted hash), so that later
 * events, imports and webhooks that carry it store nothing personal. The
 * recommendation models hold no per-person data; their next rebuild counts
 * the anonymized orders as anyone's. Written to the audit (counts only).
 * `who` may name someone never seen: their identifiers are suppressed all the same.
 * @example await eraseCustomer(db, 'shop_1', { email: 'ann@example.com' }, 'admin-api')
 * // => { rows: { events: 212, profiles: 2, orders: 3, ... }, suppressed: { email: 1, user: 1, anonymous: 2, phone: 1 } }
 */
export async function eraseCustomer(db: Db, shopId: string, who: CustomerSelector, actor: string): Promise<ErasureResult> {
  return db.transaction().execute(async (tx) => {
    const id = await resolveCustomerIdentity(tx, shopId, who);
    const rows = await eraseIdentity(tx, shopId, id);
    const suppressed = await suppressIdentity(tx, shopId, id);
    await insertAuditEntry(tx, { shopId, actor, action: 'erase_customer', rows });
    return { rows, suppressed };
  });
}

async function eraseIdentity(tx: Db, shopId: string, id: CustomerIdentity): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  const add = (r: Record<string, number>) => {
    for (const [k, v] of Object.entries(r)) rows[k] = (rows[k] ?? 0) + v;
  };
  // Profiles first: the order every writer locks in (ingest locks a shopper's profile, then writes their orders).
  add(await deleteProfileRows(tx, shopId, id.profileIds, id.anonymousIds, id.orderIds));
  add({ events: await deleteEventsOf(tx, shopId, { anonymousIds: id.anonymousIds, userIds: id.customerIds, emails: id.emails }) });
  add({ failed_events: await deleteFailedEventsMentioning(tx, shopId, [...id.anonymousIds, ...id.customerIds, ...id.emails]) });
  const records = await findCustomerRecords(tx, shopId, { customerIds: id.customerIds, emails: id.emails });
  add({ customers: await deleteCustomerRecords(tx, shopId, records.map((c) => c.id)) });
  const claims = await deleteClaimsOf(tx, shopId, { emails: id.emails, orderIds: id.orderIds, ips: id.ips });
  add(claims.rows);
  const refs = [...claims.claimIds.map((c) => `claim:${c}`), ...id.orderIds.map((o) => `order:${o}`)];
  add({ outbox_messages: await deleteOutboxMessagesAbout(tx, shopId, id.emails, refs) });
  // Campaign e-mails to them, their clicks and their unsubscribe (the suppression keeps them off every later campaign).
  add(await deleteCampaignRecordsOf(tx, shopId, { profileIds: id.profileIds, customerIds: id.customerIds, emails: id.emails }));
  add(await anonymizeOrders(tx, shopId, id.orderIds, { customerIds: id.customerIds, anonymousIds: id.anonymousIds }));
  // Shopify's data-request exports about them, and webhook bodies given up on that name them.
  add(await deleteShopifyRecordsOf(tx, shopId, { customerIds: id.customerIds, emails: id.emails }));
  return rows;
}

function identityHashes(salt: string, id: CustomerIdentity): { hash: Buffer; kind: IdentifierKind }[] {
  const of = (kind: IdentifierKind, values: string[]) => values.map((v) => ({ hash: identifierHash(salt, kind, v), kind }));
  return [...of('user', id.customerIds), ...of('anonymous', id.anonymousIds), ...of('email', id.emails), ...of('phone', id.phones)];
}

async function suppressIdentity(tx: Db, shopId: string, id: CustomerIdentity): Promise<Record<IdentifierKind, number>> {
  const salt = await findOrCreateSalt(tx, shopId);
  const hashes = identityHashes(salt, id);
  await insertSuppressedIdentifiers(tx, shopId, hashes);
  const counts: Record<IdentifierKind, number> = { user: 0, anonymous: 0, email: 0, phone: 0 };
  for (const h of hashes) counts[h.kind]++;
  return counts;
}

/**
 * Lifts the suppression of the identifiers given (a customer who erased their
 * data and comes back, asking to be known again). Only what is named is lifted.
 * @example await liftSuppression(db, 'shop_1', { email: 'ann@example.com' }, 'admin-api') // => 1
 */
export async function liftSuppression(db: Db, shopId: string, who: CustomerSelector, actor: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const salt = await findSalt(tx, shopId);
    if (!salt) return 0;
    const named: [IdentifierKind, string | undefined][] = [['user', who.userId], ['anonymous', who.anonymousId], ['email', who.email], ['phone', who.phone]];
    const hashes = named.filter((n): n is [IdentifierKind, string] => !!n[1]).map(([kind, v]) => identifierHash(salt, kind, v));
    const lifted = await deleteSuppressedIdentifiers(tx, shopId, hashes);
    await insertAuditEntry(tx, { shopId, actor, action: 'lift_suppression', rows: { suppressed_identifiers: lifted } });
    return lifted;
  });
}
