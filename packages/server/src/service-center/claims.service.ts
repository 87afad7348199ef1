import { randomBytes } from 'node:crypto';
import type { ClaimStatus, ClaimView, CreateClaim, SupportedLocale, WarrantyState } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { listOrderLines } from '../orders/index.js';
import { enqueueMessage, signalOutbox, type OutboxAttachment } from '../outbox/index.js';
import { findServicePoint, listServicePoints, type ServicePoint } from '../service-points/index.js';
import type { Shop } from '../shops/index.js';
import { appendClaimEvent, findOpenClaimForLine, insertClaim, listClaimEvents, listClaimsByEmail, type ClaimRow } from './claims.repository.js';
import { findPostalCentroid } from './postal-centroids.js';
import { pickServicePoint } from './service-point-routing.js';
import { asLocale, composeMessage, loadServiceSettings, serviceLinkFor } from './service-messages.js';
import type { ServiceGrant } from './service-token.js';
import { mapUrlFor, toClaimView } from './service-views.js';
import { findGrantedOrder } from './shopper-orders.service.js';
import { computeWarranty } from './warranty.js';

export type CreateClaimResult =
  | { ok: true; claim: ClaimView }
  | { ok: false; code: 'order_not_found' | 'item_not_found' }
  | { ok: false; code: 'not_under_warranty'; warranty: WarrantyState }
  | { ok: false; code: 'serial_required' | 'unknown_serial' }
  | { ok: false; code: 'claim_exists'; claimId: string }
  | { ok: false; code: 'no_service_point' };

// Crockford's base32 without look-alikes: easy to read out over the phone.
const idAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newClaimId(): string {
  return 'W-' + [...randomBytes(7)].map((b) => idAlphabet[b % 32]).join('');
}

function decodePhoto(dataUrl: string | undefined): { photo: Buffer; type: string } | undefined {
  const m = dataUrl?.match(/^data:(image\/(?:jpeg|png|webp));base64,(.+)$/);
  return m ? { type: m[1]!, photo: Buffer.from(m[2]!, 'base64') } : undefined;
}

const formatDay = (d: Date | string, locale: SupportedLocale) =>
  new Date(d).toLocaleDateString(locale === 'ru' ? 'ru-RU' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * Files a warranty claim for one order line: checks the warranty, picks the
 * nearest service point that services the product's category and brand
 * (from the postal code the shopper gives, else the delivery address), stores
 * the claim with its first history entry, and queues two e-mails in the same
 * transaction: the service request to the point and the confirmation to the
 * shopper.
 * @example await createClaim(db, shop, grant, { orderId: '100234', lineNo: 1, problem: 'The left earbud stays silent.' }, 'http://127.0.0.1:8787')
 * // => { ok: true, claim: { id: 'W-7K3QX9A', status: 'submitted', point: { name: 'Munich Electronics Service', distanceKm: 1.3, ... } } }
 */
export async function createClaim(db: Db, shop: Shop, grant: ServiceGrant, input: CreateClaim, linkBase: string): Promise<CreateClaimResult> {
  const order = await findGrantedOrder(db, grant, input.orderId);
  if (!order) return { ok: false, code: 'order_not_found' };
  const line = (await listOrderLines(db, shop.id, [order.id])).find((l) => l.lineNo === input.lineNo);
  if (!line) return { ok: false, code: 'item_not_found' };
  const settings = await loadServiceSettings(db, shop.id);
  const warranty = computeWarranty({ months: line.warrantyMonths, status: order.status, placedAt: order.placed_at, deliveredAt: order.delivered_at }, settings.warrantyStartsAt);
  if (warranty.state !== 'active') return { ok: false, code: 'not_under_warranty', warranty: warranty.state };

  let serial: string | null = null;
  if (line.serialNumbers.length > 0) {
    if (input.serialNumber) {
      if (!line.serialNumbers.includes(input.serialNumber)) return { ok: false, code: 'unknown_serial' };
      serial = input.serialNumber;
    } else if (line.serialNumbers.length === 1) serial = line.serialNumbers[0]!;
    else return { ok: false, code: 'serial_required' };
  }
  const open = await findOpenClaimForLine(db, shop.id, order.id, line.lineNo, serial);
  if (open) return { ok: false, code: 'claim_exists', claimId: open.id };

  const address = order.shipping_address;
  const origin =
    (input.postalCode && findPostalCentroid(input.postalCode, input.country ?? address?.country)) ||
    (address?.postalCode ? findPostalCentroid(address.postalCode, address.country) : undefined);
  const routed = pickServicePoint(await listServicePoints(db, shop.id), line, origin);
  if (!routed) return { ok: false, code: 'no_service_point' };

  const locale = asLocale(input.locale);
  const claimId = newClaimId();
  const photo = decodePhoto(input.photo);
  const customerName = address?.name ?? '';
  const point = routed.point;
  const vars = {
    shopName: shop.name,
    claimId,
    customerName,
    customerEmail: grant.email,
    productName: line.name,
    serialNumber: serial,
    problem: input.problem,
    orderId: order.id,
    purchasedOn: formatDay(order.placed_at, locale),
    warrantyEndsOn: warranty.endsOn ? formatDay(warranty.endsOn, locale) : null,
    pointName: point.name,
    pointAddress: point.address,
    pointCity: point.city,
    pointPostalCode: point.postal_code,
    pointHours: point.hours,
    mapUrl: mapUrlFor(point),
    distance: routed.distanceKm === null ? null : `${routed.distanceKm} km`,
    link: serviceLinkFor(shop, settings, linkBase, grant.email),
    photo: photo ? (locale === 'ru' ? 'во вложении' : 'attached') : locale === 'ru' ? 'нет' : 'none',
  };
  // The request goes to the point in the shop's working language (the shopper's choice applies to the shopper).
  const request = await composeMessage(db, shop.id, 'claim_request', 'en', { ...vars, purchasedOn: formatDay(order.placed_at, 'en'), warrantyEndsOn: warranty.endsOn ? formatDay(warranty.endsOn, 'en') : null, photo: photo ? 'attached' : 'none' });
  const confirmation = await composeMessage(db, shop.id, 'claim_confirmation', locale, vars);
  const attachments: OutboxAttachment[] = photo ? [{ filename: `${claimId}.${photo.type.split('/')[1]}`, contentType: photo.type, content: photo.photo.toString('base64') }] : [];

  await db.transaction().execute(async (trx) => {
    await insertClaim(trx, {
      shop_id: shop.id,
      id: claimId,
      order_id: order.id,
      line_no: line.lineNo,
      product_id: line.productId,
      product_name: line.name,
      serial_number: serial,
      email: grant.email,
      customer_name: customerName || null,
      problem: input.problem,
      photo: photo?.photo ?? null,
      photo_type: photo?.type ?? null,
      service_point_id: point.id,
      distance_km: routed.distanceKm,
      status: 'submitted',
      locale,
    });
    await appendClaimEvent(trx, { shopId: shop.id, claimId, status: 'submitted', note: null, actor: 'shopper' });
    const ref = `claim:${claimId}`;
    await enqueueMessage(trx, { shopId: shop.id, kind: 'claim_request', to: point.email, from: settings.mailFrom, subject: request.subject, text: request.text, attachments, ref });
    await enqueueMessage(trx, { shopId: shop.id, kind: 'claim_confirmation', to: grant.email, from: settings.mailFrom, subject: confirmation.subject, text: confirmation.text, ref });
  });
  signalOutbox();
  const events = await listClaimEvents(db, shop.id, [claimId]);
  const claim: ClaimRow = {
    shop_id: shop.id, id: claimId, order_id: order.id, line_no: line.lineNo, product_id: line.productId, product_name: line.name, serial_number: serial,
    email: grant.email, customer_name: customerName || null, problem: input.problem, photo_type: photo?.type ?? null, service_point_id: point.id,
    distance_km: routed.distanceKm, status: 'submitted', locale, created_at: events[0]?.at ?? new Date(), updated_at: new Date(),
  };
  return { ok: true, claim: toClaimView(claim, events, point) };
}

/** Claims with their history and points, as views. */
export async function toClaimViews(db: Db, shopId: string, claims: ClaimRow[]): Promise<ClaimView[]> {
  const events = await listClaimEvents(db, shopId, claims.map((c) => c.id));
  const points = new Map<string, ServicePoint | undefined>();
  for (const c of claims) if (c.service_point_id && !points.has(c.service_point_id)) points.set(c.service_point_id, await findServicePoint(db, shopId, c.service_point_id));
  return claims.map((c) => toClaimView(c, events, c.service_point_id ? points.get(c.service_point_id) : undefined));
}

/** The shopper's claims (those the grant covers), newest first. */
export async function listShopperClaims(db: Db, grant: ServiceGrant): Promise<ClaimView[]> {
  let claims = await listClaimsByEmail(db, grant.shopId, grant.email);
  if (grant.level === 'order') claims = claims.filter((c) => c.order_id === grant.orderId);
  return toClaimViews(db, grant.shopId, claims);
}

export type { ClaimStatus };
