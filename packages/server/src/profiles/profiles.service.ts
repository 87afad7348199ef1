import { listCustomerContactsByIds } from '../customers/index.js';
import type { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.js';
import { orderFromEvent, recordOrders, type IncomingOrder } from '../orders/index.js';
import { applyEvent, applyOrder, emptyProfile, mergeInto, type ProfileEvent, type ProfileState } from './profile-reducer.js';
import {
  claimProfileOrders,
  createAndLockProfiles,
  deleteProfiles,
  lockOrCreateProfiles,
  lockProfilesWithLinksQuery,
  readLockedProfiles,
  recordProfileMerge,
  saveProfiles,
  type LockedProfiles,
} from './profiles.repository.js';
import { anonymousProfileId, isAnonymousProfileId, type CheckoutDetails } from './profiles.table.js';

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
  reason: 'identify' | 'alias';
}

/**
 * Brings the profiles of a shop up to date with events that were just stored
 * (never with duplicates: the caller passes only newly claimed events), in the
 * caller's transaction. Resolves identities (an anonymous id joins its
 * customer on identify or login, merging its anonymous history once) and
 * stores orders from `Order Completed`.
 *
 * Events are unsigned (anyone with the public write key can send any of
 * them), so they update activity only: views, searches, carts, sessions,
 * affinities, consent. They never count orders or revenue in a profile, never
 * set its checkout prefill or e-mail, and an e-mail in an order never makes
 * its sender that customer; those come from trusted sources only
 * (`recordOrdersInProfiles`: the importer, the shop's own webhooks).
 * `locked` may come from `lockProfilesForEventsQuery`, sent ahead with other
 * statements, for these events or more.
 * @example await updateProfilesForEvents(tx, 'shop_1', [{ type: 'identify', userId: 'c1', anonymousId: 'a1', ... }])
 */
export async function updateProfilesForEvents(db: Db, shopId: string, events: LandedEvent[], locked?: LockedProfiles): Promise<void> {
  if (events.length === 0) return;
  const sorted = [...events].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  const { links, profiles: lockedProfiles } = locked ?? readLockedProfiles((await db.executeQuery(lockProfilesForEventsQuery(db, shopId, sorted))).rows);
  const changedLinks = new Map<string, string>();
  const merges: Merge[] = [];
  const link = (anon: string, pid: string) => {
    links.set(anon, pid);
    changedLinks.set(anon, pid);
  };

  // 1. Who is each event about, and which profiles join which.
  const owners: string[] = sorted.map((e) => {
    const userId = e.userId ?? null;
    if (e.type === 'alias' && userId && e.previousId) {
      const prev = links.get(e.previousId) ?? anonymousProfileId(e.previousId);
      // An unsigned alias may fold an anonymous history into a customer,
      // never one customer's profile into another's.
      if (prev !== userId && isAnonymousProfileId(prev)) {
        merges.push({ from: prev, into: userId, reason: 'alias' });
        if (links.has(e.previousId)) link(e.previousId, userId);
      }
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
        if (isAnonymousProfileId(from)) merges.push({ from, into: userId, reason: e.type === 'alias' ? 'alias' : 'identify' });
        link(e.anonymousId, userId);
      }
    }
    return userId;
  });

  // 2. Every profile involved is locked; create the missing ones, then lock them.
  const involved = new Set<string>([...owners, ...merges.flatMap((m) => [m.from, m.into])]);
  const ids = [...involved].sort();
  // Profiles that are only merged away need not be created.
  const ownerSet = new Set(owners);
  const mergedAway = new Set(merges.map((m) => m.from).filter((id) => !ownerSet.has(id)));
  const missing = ids.filter((id) => !lockedProfiles.has(id) && !mergedAway.has(id));
  const created = await createAndLockProfiles(db, shopId, missing.map((id) => ({ id, customerId: isAnonymousProfileId(id) ? null : id })));
  const rows = [...ids.flatMap((id) => lockedProfiles.get(id) ?? []), ...created];
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

  // 4. Orders from Order Completed are stored (the orders domain keeps them
  // apart as unverified), but not counted in a profile: an unsigned event
  // must not move revenue, order counts or a loyalty discount. The order id
  // stays unclaimed, so the importer or a webhook counts the real order once.
  const incoming: IncomingOrder[] = [];
  sorted.forEach((e, i) => {
    if (e.type !== 'track' || e.event !== 'Order Completed') return;
    const owner = resolve(owners[i]!, merges);
    const order = orderFromEvent({ shopId, properties: e.properties, customerId: isAnonymousProfileId(owner) ? null : owner, anonymousId: e.anonymousId, timestamp: e.timestamp });
    if (order) incoming.push(order);
  });
  await recordOrders(db, incoming);
  sorted.forEach((e, i) => {
    const owner = resolve(owners[i]!, merges);
    const p = state.get(owner) ?? emptyProfile(shopId, owner, isAnonymousProfileId(owner) ? null : owner);
    state.set(owner, p);
    applyEvent(p, e);
  });

  await saveProfiles(db, [...state.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), { shopId, changed: changedLinks });
  await deleteProfiles(db, shopId, [...removed]);
}

export { readLockedProfiles };

/**
 * The statement that reads and locks every profile events may be about (its
 * customer, its device's own profile, or the profile its device joined) with
 * the devices' links; `readLockedProfiles` reads its rows.
 */
export function lockProfilesForEventsQuery(db: Db, shopId: string, events: LandedEvent[]): CompiledQuery {
  const anonIds = new Set<string>();
  const candidates = new Set<string>();
  for (const e of events) {
    if (e.userId) candidates.add(e.userId);
    for (const anon of [e.anonymousId, e.previousId]) {
      if (!anon) continue;
      anonIds.add(anon);
      candidates.add(anonymousProfileId(anon));
    }
  }
  return lockProfilesWithLinksQuery(db, shopId, [...anonIds], [...candidates].sort());
}

/**
 * Counts orders from a trusted source (the importer, the shop's own webhooks)
 * in their customers' profiles, once per order id (re-running an import
 * changes nothing); an order's `checkout` becomes the customer's prefill if
 * it is their latest. Orders are already stored. Browser events never come
 * this way: they are unsigned.
 * @example await recordOrdersInProfiles(tx, 'shop_1', [{ orderId: '536365', customerId: '17850', total: 139.12, placedAt, region: 'GB' }])
 */
export async function recordOrdersInProfiles(
  db: Db,
  shopId: string,
  orders: { orderId: string; customerId: string; total: number; placedAt: Date; region?: string | null; checkout?: Omit<CheckoutDetails, 'at'> | null }[],
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
    const at = o.placedAt.toISOString();
    if (o.checkout && (!p.checkout || (p.checkout.at ?? '') <= at)) p.checkout = { ...o.checkout, at };
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
  const records = new Map((await listCustomerContactsByIds(db, shopId, missing.map((p) => p.customer_id!))).map((r) => [r.id, r]));
  for (const p of missing) {
    const r = records.get(p.customer_id!);
    if (!r) continue;
    p.email ??= r.email?.toLowerCase() ?? null;
    // The shop's record wins over a name an unsigned identify gave first.
    p.first_name = r.first_name ?? p.first_name;
    p.last_name = r.last_name ?? p.last_name;
    p.region ??= r.region;
  }
}
