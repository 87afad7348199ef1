import type { ClaimStatus, ClaimView } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { enqueueMessage, signalOutbox } from '../outbox/index.js';
import { findServicePoint } from '../service-points/index.js';
import type { Shop } from '../shops/index.js';
import { appendClaimEvent, findClaim, findClaimForUpdate, updateClaimStatus, type ClaimRow } from './claims.repository.js';
import { claimOutcomes, claimStatusLabels, renderTemplate } from './message-templates.js';
import { asLocale, composeMessage, loadServiceSettings, serviceLinkFor } from './service-messages.js';
import { toClaimViews } from './claims.service.js';

export interface ClaimStatusChange {
  status: ClaimStatus;
  note?: string | undefined;
  notify: boolean;
}

/**
 * The message telling the customer what was done, composed from the shop's
 * `claim_status` template and the outcome sentence of the new status. Staff
 * preview it before they save, and the same text is what gets sent.
 * @example await composeClaimStatusMessage(db, shop, claim, { status: 'repaired', note: 'New battery fitted.' }, base)
 * // => { to: 'anna@example.com', subject: 'Your request W-7K3QX9A: repaired', text: 'Hello Anna Schmidt, Your ... has been repaired ...' }
 */
export async function composeClaimStatusMessage(db: Db, shop: Shop, claim: ClaimRow, change: { status: ClaimStatus; note?: string | undefined }, linkBase: string) {
  const locale = asLocale(claim.locale);
  const settings = await loadServiceSettings(db, shop.id);
  const point = claim.service_point_id ? await findServicePoint(db, shop.id, claim.service_point_id) : undefined;
  const base = { productName: claim.product_name, pointName: point?.name ?? '' };
  const message = await composeMessage(db, shop.id, 'claim_status', locale, {
    shopName: shop.name,
    claimId: claim.id,
    customerName: claim.customer_name,
    productName: claim.product_name,
    serialNumber: claim.serial_number,
    status: claimStatusLabels[locale][change.status],
    outcome: renderTemplate(claimOutcomes[locale][change.status], base),
    note: change.note ?? '',
    pointName: point?.name,
    link: serviceLinkFor(shop, settings, linkBase, claim.email),
  });
  return { to: claim.email, from: settings.mailFrom, ...message };
}

export type ClaimStatusResult = { ok: true; claim: ClaimView; notified: boolean } | { ok: false; code: 'claim_not_found' };

/**
 * Staff move a claim on: the status and note join its history, and (unless
 * `notify` is false) the customer is told what was done, through the outbox.
 */
export async function changeClaimStatus(db: Db, shop: Shop, claimId: string, change: ClaimStatusChange, linkBase: string): Promise<ClaimStatusResult> {
  const current = await findClaim(db, shop.id, claimId);
  if (!current) return { ok: false, code: 'claim_not_found' };
  const message = change.notify ? await composeClaimStatusMessage(db, shop, current, change, linkBase) : undefined;
  await db.transaction().execute(async (trx) => {
    await findClaimForUpdate(trx, shop.id, claimId);
    await updateClaimStatus(trx, shop.id, claimId, change.status);
    await appendClaimEvent(trx, { shopId: shop.id, claimId, status: change.status, note: change.note ?? null, actor: 'staff' });
    if (message) await enqueueMessage(trx, { shopId: shop.id, kind: 'claim_status', to: message.to, from: message.from, subject: message.subject, text: message.text, ref: `claim:${claimId}` });
  });
  if (message) signalOutbox();
  const [claim] = await toClaimViews(db, shop.id, [(await findClaim(db, shop.id, claimId))!]);
  return { ok: true, claim: claim!, notified: Boolean(message) };
}
