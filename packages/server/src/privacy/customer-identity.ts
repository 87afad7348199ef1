import type { Db } from '../db/database.js';
import { findCustomerRecords } from '../customers/index.js';
import { findEventLinks } from '../ingest/index.js';
import { findOrdersOf } from '../orders/index.js';
import { findLinkedDevices, findProfilesFor, isAnonymousProfileId } from '../profiles/index.js';
import { normalizeEmail, normalizePhone, type CustomerSelector } from './identifiers.js';

/** Every identifier Vitrina holds for one customer, gathered from every slice. */
export interface CustomerIdentity {
  customerIds: string[];
  anonymousIds: string[];
  /** Lowercased. */
  emails: string[];
  /** Digits only. */
  phones: string[];
  orderIds: string[];
  profileIds: string[];
  /** Client addresses seen in their events (lookup-attempt counters are keyed by them). */
  ips: string[];
}

/**
 * Starts from the identifiers given and follows every link the slices know
 * (a device's profile, a profile's devices and e-mail, an order's customer,
 * device, e-mail and phone, the user ids a device's events carried) until
 * nothing new turns up.
 * @example await resolveCustomerIdentity(db, 'shop_1', { email: 'ann@example.com' })
 * // => { customerIds: ['c1'], anonymousIds: ['a1', 'a2'], emails: ['ann@example.com'], orderIds: ['1001'], ... }
 */
export async function resolveCustomerIdentity(db: Db, shopId: string, who: CustomerSelector): Promise<CustomerIdentity> {
  const sets = {
    customerIds: new Set<string>(),
    anonymousIds: new Set<string>(),
    emails: new Set<string>(),
    phones: new Set<string>(),
    orderIds: new Set<string>(),
    profileIds: new Set<string>(),
    ips: new Set<string>(),
  };
  const add = (set: Set<string>, v: string | null | undefined) => {
    if (v) set.add(v);
  };
  add(sets.customerIds, who.userId);
  add(sets.anonymousIds, who.anonymousId);
  if (who.email) add(sets.emails, normalizeEmail(who.email));
  if (who.phone) add(sets.phones, normalizePhone(who.phone));
  add(sets.orderIds, who.orderId);

  const size = () => Object.values(sets).reduce((n, s) => n + s.size, 0);
  const list = (s: Set<string>) => [...s];
  for (let round = 0; round < 5; round++) {
    const before = size();
    for (const o of await findOrdersOf(db, shopId, { customerIds: list(sets.customerIds), anonymousIds: list(sets.anonymousIds), emails: list(sets.emails), phones: list(sets.phones), orderIds: list(sets.orderIds) })) {
      add(sets.orderIds, o.id);
      add(sets.customerIds, o.customer_id);
      add(sets.anonymousIds, o.anonymous_id);
      add(sets.emails, o.email);
      add(sets.phones, o.phone);
    }
    for (const p of await findProfilesFor(db, shopId, { customerIds: list(sets.customerIds), anonymousIds: list(sets.anonymousIds), emails: list(sets.emails) })) {
      add(sets.profileIds, p.id);
      if (isAnonymousProfileId(p.id)) add(sets.anonymousIds, p.id.slice('anon:'.length));
      else add(sets.customerIds, p.id);
      add(sets.customerIds, p.customer_id);
      if (p.email) add(sets.emails, normalizeEmail(p.email));
    }
    for (const device of await findLinkedDevices(db, shopId, list(sets.profileIds))) add(sets.anonymousIds, device);
    for (const c of await findCustomerRecords(db, shopId, { customerIds: list(sets.customerIds), emails: list(sets.emails) })) {
      add(sets.customerIds, c.id);
      if (c.email) add(sets.emails, normalizeEmail(c.email));
    }
    for (const e of await findEventLinks(db, shopId, { anonymousIds: list(sets.anonymousIds), userIds: list(sets.customerIds), emails: list(sets.emails) })) {
      add(sets.anonymousIds, e.anonymous_id);
      add(sets.customerIds, e.user_id);
      add(sets.ips, e.ip);
      add(sets.emails, e.email);
    }
    if (size() === before) break;
  }
  // A customer's own profile and their devices' profiles, whether or not they exist yet.
  for (const c of sets.customerIds) sets.profileIds.add(c);
  for (const a of sets.anonymousIds) sets.profileIds.add(`anon:${a}`);
  return {
    customerIds: list(sets.customerIds),
    anonymousIds: list(sets.anonymousIds),
    emails: list(sets.emails),
    phones: list(sets.phones),
    orderIds: list(sets.orderIds),
    profileIds: list(sets.profileIds),
    ips: list(sets.ips),
  };
}
