import { storableText, type ProfileResponse } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { requireAllowedOrigin } from '../ingest/index.js';
import { verifyCustomerSignature } from '../shops/index.js';
import { findProfileIdForAnonymousId, findScoredProfile } from './profiles.queries.js';
import type { ScoreSettings } from './scores.js';
import { isAnonymousProfileId } from './profiles.table.js';

const query = z.object({
  writeKey: z.string().optional(),
  anonymousId: storableText.min(1).max(200).optional(),
  userId: storableText.min(1).max(200).optional(),
  signature: z.string().max(128).optional(),
});

/**
 * `GET /v1/profile?writeKey=&anonymousId=&userId=&signature=`: what a page may
 * know about its own visitor, to greet them and tailor the page. A userId
 * counts only with its signature (hex HMAC-SHA256 of the id by the shop's
 * signing secret): then name, segment, loyalty and checkout are released.
 * Without it the visitor is their anonymous id, and an anonymous id is linked
 * to a customer by unsigned events (anyone can send `identify { userId:
 * "c-00042", anonymousId: mine }`): so a customer's profile reached that way
 * releases nothing of theirs, only the region the CDN tells.
 * @example GET /v1/profile?writeKey=wk&anonymousId=a1 // => { known: false, verified: false, segment: 'prospect', region: 'DE' }
 */
export function profileRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/profile', async function getProfile(req, res) {
    const shop = await requireShopByWriteKey(db, req);
    requireAllowedOrigin(req, shop);
    const q = parseOrThrow(query, req.query, 'query');
    const verified = Boolean(q.userId && verifyCustomerSignature(shop, q.userId, q.signature));
    const linked = !verified && q.anonymousId ? await findProfileIdForAnonymousId(db, shop.id, q.anonymousId) : undefined;
    // Only a verified customer, or a device's own anonymous history.
    const profileId = verified ? q.userId : linked && isAnonymousProfileId(linked) ? linked : undefined;
    const p = profileId ? await findScoredProfile(db, shop.id, profileId, shop.settings as ScoreSettings) : undefined;
    const region = p?.region ?? headerCountry(req.headers) ?? shop.settings?.defaultRegion;
    const body: ProfileResponse = { known: Boolean(p && verified), verified };
    if (p?.first_name && verified) body.firstName = p.first_name;
    if (p) body.segment = p.segment;
    if (region) body.region = region;
    if (p && verified) {
      body.loyaltyDiscountDue = p.loyalty_due;
      if (p.checkout) {
        const { at: _at, ...checkout } = p.checkout;
        body.checkout = checkout;
      }
    }
    res.set('Cache-Control', 'private, no-store');
    res.json(body);
  });
  return router;
}

/** The visitor's country as a CDN in front of the server tells it. */
function headerCountry(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const h of ['cf-ipcountry', 'x-vercel-ip-country', 'cloudfront-viewer-country', 'x-country-code']) {
    const v = headers[h];
    if (typeof v === 'string' && /^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  }
  return undefined;
}
