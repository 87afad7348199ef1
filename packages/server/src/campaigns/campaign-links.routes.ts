import { Router, type Response } from 'express';
import type { Db } from '../db/database.js';
import { findShopById } from '../shops/index.js';
import { findRecipient, insertUnsubscribe, recordClick, recordOpen } from './campaigns.repository.js';
import { peekCampaignLinkShop, verifyCampaignLink, type CampaignLinkClaims, type LinkPurpose } from './campaign-links.js';

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const MAX_TOKEN = 4_000;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: Response, status: number, title: string, body: string) {
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" })
    .type('html')
    .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.6rem 1.2rem;background:#1f6feb;color:#fff;border:0;border-radius:4px;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

/** The claims of a link token, checked under its shop's signing secret; undefined for a token that is not ours. */
async function verified(db: Db, purpose: LinkPurpose, token: string | undefined): Promise<{ claims: CampaignLinkClaims; shopName: string } | undefined> {
  if (!token || token.length > MAX_TOKEN) return undefined;
  const shopId = peekCampaignLinkShop(token);
  if (!shopId) return undefined;
  const shop = await findShopById(db, shopId);
  if (!shop) return undefined;
  const claims = verifyCampaignLink(shop.signing_secret, purpose, token);
  return claims && claims.s === shop.id ? { claims, shopName: shop.name } : undefined;
}

const invalidLink = (res: Response) => page(res, 404, 'This link is not valid', '<p>The link is incomplete or was changed. Copy the whole link from the e-mail, or use the unsubscribe link at the foot of the e-mail.</p>');

/**
 * The public ends of the links in campaign e-mails (no cookie, no session:
 * the signed token is the credential).
 * - `GET /v1/campaigns/unsubscribe/:token`: a confirmation page with a button;
 *   it never unsubscribes by itself (mail scanners fetch every link).
 * - `POST /v1/campaigns/unsubscribe/:token`: unsubscribes the address at once,
 *   idempotent, answered 200 without a redirect: the RFC 8058 one-click POST
 *   (body `List-Unsubscribe=One-Click`) and the page's button alike.
 * - `GET /v1/campaigns/click/:token`: records the click, then 302 to the
 *   product page the token signed (with its UTM parameters); any other
 *   token is a 404 page, never a redirect.
 * - `GET /v1/campaigns/open/:token`: the open pixel.
 */
export function campaignLinkRoutes(db: Db): Router {
  const router = Router();

  router.get('/v1/campaigns/unsubscribe/:token', async function getUnsubscribe(req, res) {
    const link = await verified(db, 'unsubscribe', req.params.token);
    if (!link) return invalidLink(res);
    page(
      res,
      200,
      `Unsubscribe from ${link.shopName}`,
      `<p>Stop e-mails with news and offers from ${escapeHtml(link.shopName)}? E-mails about your orders and service requests still arrive.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  router.post('/v1/campaigns/unsubscribe/:token', async function postUnsubscribe(req, res) {
    const link = await verified(db, 'unsubscribe', req.params.token);
    if (!link) return invalidLink(res);
    const { s, c, p } = link.claims;
    // The body (`List-Unsubscribe=One-Click`) is not needed: the token says who.
    const recipient = await findRecipient(db, s, c, p);
    // No row: the shopper was erased, and nobody is mailed at that address any more.
    if (recipient) await insertUnsubscribe(db, s, recipient.email, c);
    page(res, 200, 'You are unsubscribed', `<p>${escapeHtml(link.shopName)} will send you no more news or offers by e-mail.</p>`);
  });

  router.get('/v1/campaigns/click/:token', async function getClick(req, res) {
    const link = await verified(db, 'click', req.params.token);
    const target = link?.claims.u;
    if (!link || !target || !/^https?:\/\//.test(target)) return invalidLink(res);
    await recordClick(db, link.claims.s, link.claims.c, link.claims.p, target);
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, target);
  });

  router.get('/v1/campaigns/open/:token', async function getOpen(req, res) {
    const link = await verified(db, 'open', req.params.token);
    if (link) await recordOpen(db, link.claims.s, link.claims.c, link.claims.p);
    res.status(link ? 200 : 404).set('Cache-Control', 'no-store').type('gif').send(PIXEL);
  });

  return router;
}
