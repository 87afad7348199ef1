import type { Db } from '../db/database.js';
import { orderFromEvent, recordOrders, type IncomingOrder } from '../orders/orders.service.js';
import { applyEvent, applyOrder, emptyProfile, mergeInto, type ProfileEvent, type ProfileState } from './profile-reducer.js';
import {
  claimProfileOrders,
  deleteProfiles,
  findAnonymousLinks,
  findCustomerIdsByEmail,
  findCustomerRecords,
  lockOrCreateProfiles,
  lockProfiles,
  recordProfileMerge,
  saveProfiles,
  upsertAnonymousLinks,
} from './profiles.repository.js';
import { anonymousProfileId, isAnonymousProfileId } from './profiles.table.js';

/** A newly stored event with who sent it. */
export interface LandedEvent extends ProfileEvent {
  anonymousId: string | null;
  userId: string | null;
  /** For `alias`: the id the user was known by before. */
  previousId?: string | null;
}

interface Merge {
  from: string;
  into: string;
  reason: 'identify' | 'alias' | 'order_email';
}

/**
 * Brings the profiles of a shop up to date with events that were just stored
 * (never with duplicates: the caller passes only newly claimed events), in the
 * caller's transaction. Resolves identities (an anonymous id joins its
 * customer on identify, login or an order's e-mail, merging its history once),
 * stores orders from `Order Completed`, and counts each order once.
 * @example await updateProfilesForEvents(tx, 'shop_1', [{ type: 'identify', userId: 'c1', anonymousId: 'a1', ... }])
 */
export async function updateProfilesForEvents(db: Db, shopId: string, events: LandedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const sorted = [...events].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());

  // Orders placed by e-mail only join the customer with that e-mail.
  const orderEmails = sorted
    .filter((e) => !e.userId && e.type === 'track' && e.event === 'Order Completed' && typeof e.properties.email === 'string')
    .map((e) => (e.properties.email as string).toLowerCase());
  const byEmail = await findCustomerIdsByEmail(db, shopId, [...new Set(orderEmails)]);

  const anonIds = new Set<string>();
  for (const e of sorted) {
    if (e.anonymousId) anonIds.add(e.anonymousId);
    if (e.previousId) anonIds.add(e.previousId);
  }
  const links = await findAnonymousLinks(db, shopId, [...anonIds]);
  const changedLinks = new Map<string, string>();
  const merges: Merge[] = [];
  const link = (anon: string, pid: string) => {
    links.set(anon, pid);
    changedLinks.set(anon, pid);
  };

  // 1. Who is each event about, and which profiles join which.
  const owners: string[] = sorted.map((e) => {
    const emailCustomer = !e.userId && e.event === 'Order Completed' && typeof e.properties.email === 'string' ? byEmail.get((e.properties.email as string).toLowerCase()) : undefined;
    const userId = e.userId ?? emailCustomer ?? null;
    if (e.type === 'alias' && userId && e.previousId) {
      const prev = links.get(e.previousId) ?? e.previousId;
      if (prev !== userId) merges.push({ from: prev, into: userId, reason: 'alias' });
      if (links.has(e.previousId)) link(e.previousId, userId);
    }
    if (!userId) {
      const anon = e.anonymousId!;
      const current = links.get(anon);
      if (current) return current;
      const pid = anonymousProfileId(anon);
      link(anon, pid);
      return pid;
    }
    if (e.anonymousId) {
      const current = links.get(e.anonymousId);
      if (current !== userId) {
        // A device that was anonymous joins the customer with its history; a
        // device shared with another customer just changes hands.
        const from = current ?? anonymousProfileId(e.anonymousId);
        if (isAnonymousProfileId(from)) merges.push({ from, into: userId, reason: emailCustomer ? 'order_email' : e.type === 'alias' ? 'alias' : 'identify' });
        link(e.anonymousId, userId);
      }
    }
    return userId;
  });

  // 2. Lock every profile involved, creating the missing ones.
  const involved = new Set<string>([...owners, ...merges.flatMap((m) => [m.from, m.into])]);
  const ids = [...involved].sort();
  // Profiles that are only merged away need not be created.
  const ownerSet = new Set(owners);
  const mergedAway = new Set(merges.map((m) => m.from).filter((id) => !ownerSet.has(id)));
  const toCreate = ids.filter((id) => !mergedAway.has(id)).map((id) => ({ id, customerId: isAnonymousProfileId(id) ? null : id }));
  const rows = [...(await lockOrCreateProfiles(db, shopId, toCreate)), ...(await lockProfiles(db, shopId, [...mergedAway].sort()))];
  const state = new Map<string, ProfileState>();
  for (const row of rows) {
    const { updated_at: _updated, ...p } = row;
    state.set(p.id, p);
  }
  await fillFromCustomerRecords(db, shopId, [...state.values()]);

  // 3. Merges, once each.
  const removed = new Set<string>();
  for (const m of merges) {
    if (m.from === m.into) continue;
    const source = state.get(m.from);
    const target = state.get(m.into) ?? emptyProfile(shopId, m.into, m.into);
    state.set(m.into, target);
    const first = await recordProfileMerge(db, shopId, m.from, m.into, m.reason);
    if (source && first) {
      mergeInto(target, source);
      state.delete(m.from);
      removed.add(m.from);
    }
  }

  // 4. Orders from Order Completed, then every event.
  const incoming: { owner: string; order: IncomingOrder }[] = [];
  sorted.forEach((e, i) => {
    if (e.type !== 'track' || e.event !== 'Order Completed') return;
    const owner = resolve(owners[i]!, merges);
    const order = orderFromEvent({ shopId, properties: e.properties, customerId: isAnonymousProfileId(owner) ? null : owner, anonymousId: e.anonymousId, timestamp: e.timestamp });
    if (order) incoming.push({ owner, order });
  });
  await recordOrders(db, incoming.map((o) => o.order));
  const counted = await claimProfileOrders(
    db,
    incoming.map(({ owner, order }) => ({ shop_id: shopId, order_id: order.order.id, profile_id: owner, total: Number(order.order.total), placed_at: order.order.placed_at as Date })),
  );
  sorted.forEach((e, i) => {
    const owner = resolve(owners[i]!, merges);
    const p = state.get(owner) ?? emptyProfile(shopId, owner, isAnonymousProfileId(owner) ? null : owner);
    state.set(owner, p);
    applyEvent(p, e);
  });
  for (const { owner, order } of incoming) {
    if (!counted.delete(order.order.id)) continue;
    applyOrder(state.get(owner)!, { total: Number(order.order.total), placedAt: order.order.placed_at as Date });
  }

  await saveProfiles(db, [...state.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
  await deleteProfiles(db, shopId, [...removed]);
  await upsertAnonymousLinks(db, shopId, changedLinks);
}

/**
 * Counts imported orders in their customers' profiles, once per order id
 * (re-running an import changes nothing). Orders are already stored.
 * @example await recordOrdersInProfiles(tx, 'shop_1', [{ orderId: '536365', customerId: '17850', total: 139.12, placedAt, region: 'GB' }])
 */
export async function recordOrdersInProfiles(
  db: Db,
  shopId: string,
  orders: { orderId: string; customerId: string; total: number; placedAt: Date; region?: string | null }[],
): Promise<number> {
  if (orders.length === 0) return 0;
  const counted = await claimProfileOrders(
    db,
    orders.map((o) => ({ shop_id: shopId, order_id: o.orderId, profile_id: o.customerId, total: o.total, placed_at: o.placedAt })),
  );
  const fresh = orders.filter((o) => counted.has(o.orderId));
  if (fresh.length === 0) return 0;
  const ids = [...new Set(fresh.map((o) => o.customerId))].sort();
  const state = new Map<string, ProfileState>();
  for (const { updated_at: _u, ...p } of await lockOrCreateProfiles(db, shopId, ids.map((id) => ({ id, customerId: id })))) state.set(p.id, p);
  await fillFromCustomerRecords(db, shopId, [...state.values()]);
  for (const o of fresh) {
    const p = state.get(o.customerId)!;
    applyOrder(p, { total: o.total, placedAt: o.placedAt });
    if (!p.first_seen_at || o.placedAt < p.first_seen_at) p.first_seen_at = o.placedAt;
    if (!p.last_seen_at || o.placedAt > p.last_seen_at) p.last_seen_at = o.placedAt;
    if (o.region && !p.region) p.region = o.region;
  }
  await saveProfiles(db, [...state.values()]);
  return fresh.length;
}

function resolve(id: string, merges: Merge[]): string {
  let cur = id;
  for (let hops = 0; hops < 10; hops++) {
    const m = merges.find((x) => x.from === cur);
    if (!m) return cur;
    cur = m.into;
  }
  return cur;
}

async function fillFromCustomerRecords(db: Db, shopId: string, profiles: ProfileState[]) {
  const missing = profiles.filter((p) => p.customer_id && !p.email);
  if (missing.length === 0) return;
  const records = new Map((await findCustomerRecords(db, shopId, missing.map((p) => p.customer_id!))).map((r) => [r.id, r]));
  for (const p of missing) {
    const r = records.get(p.customer_id!);
    if (!r) continue;
    p.email ??= r.email?.toLowerCase() ?? null;
    p.first_name ??= r.first_name;
    p.last_name ??= r.last_name;
    p.region ??= r.region;
  }
}
