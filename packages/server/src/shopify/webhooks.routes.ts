import express, { Router } from 'express';
import type { Db } from '../db/database.js';
import { sendError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { parseShopifyJson } from './shopify-json.js';
import { verifyWebhookHmac } from './shopify-signatures.js';
import { findShopifyShopByDomain } from './shopify-shops.repository.js';
import { insertInboxRow } from './webhook-inbox.repository.js';

const MAX_BODY = '5mb';
const header = (v: string | string[] | undefined, max = 200) => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s && s.length <= max && !s.includes('\u0000') ? s : undefined;
};

/**
 * `POST /shopify/webhooks`: every topic, told apart by `X-Shopify-Topic`.
 * The HMAC is checked over the raw bytes (this route reads them itself: no
 * JSON parser runs before it), in constant time; a bad or missing one is 401
 * and stores nothing. A valid delivery is written to the inbox, keyed by
 * `X-Shopify-Event-Id` (a duplicate is answered the same and stored once),
 * before the 200: the inbox job applies it afterwards, so the answer comes
 * within Shopify's 5 seconds whatever the topic costs, and a crash after the
 * answer loses nothing. A delivery for a domain that never installed the app
 * is answered 200 and dropped (any other answer makes Shopify retry it).
 */
export function webhookRoutes(db: Db, opts: { apiSecret: string; logger: Logger }): Router {
  const router = Router();
  router.post('/shopify/webhooks', express.raw({ type: () => true, limit: MAX_BODY }), async function receiveWebhook(req, res) {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookHmac(opts.apiSecret, raw, header(req.headers['x-shopify-hmac-sha256']))) {
      return sendError(res, 401, 'invalid_hmac', 'The X-Shopify-Hmac-Sha256 header does not match the body.');
    }
    const topic = header(req.headers['x-shopify-topic'], 100);
    const domain = header(req.headers['x-shopify-shop-domain'])?.toLowerCase();
    // Shopify's duplicate marker; the webhook id stands in for it in API versions that lack it.
    const webhookId = header(req.headers['x-shopify-webhook-id']);
    const eventId = header(req.headers['x-shopify-event-id']) ?? webhookId;
    if (!topic || !domain || !eventId) return sendError(res, 400, 'missing_headers', 'X-Shopify-Topic, X-Shopify-Shop-Domain and X-Shopify-Event-Id are required.');
    let body: unknown;
    try {
      body = parseShopifyJson(raw.toString('utf8'));
    } catch {
      return sendError(res, 400, 'malformed_json', 'The webhook body is not JSON.');
    }
    const shop = await findShopifyShopByDomain(db, domain);
    if (!shop) {
      opts.logger.info('shopify webhook for an unknown shop dropped', { domain, topic });
      return void res.status(200).json({ ok: true });
    }
    const triggered = header(req.headers['x-shopify-triggered-at']);
    const triggeredAt = triggered && !Number.isNaN(Date.parse(triggered)) ? new Date(triggered) : null;
    const stored = await insertInboxRow(db, {
      shop_id: shop.shop_id,
      event_id: eventId,
      webhook_id: webhookId ?? null,
      topic,
      api_version: header(req.headers['x-shopify-api-version'], 40) ?? null,
      triggered_at: triggeredAt,
      body: JSON.stringify(body),
      last_error: null,
      applied_at: null,
    });
    res.status(200).json({ ok: true, duplicate: !stored });
  });
  return router;
}
