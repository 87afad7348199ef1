import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed campaign link says: shop, campaign, recipient and, for a click, where to. */
export interface CampaignLinkClaims {
  s: string;
  c: string;
  p: string;
  u?: string;
}
export type LinkPurpose = 'click' | 'open' | 'unsubscribe';

const sign = (secret: string, purpose: LinkPurpose, payload: string) => createHmac('sha256', secret).update(`campaign-${purpose}:${payload}`).digest('base64url');

/**
 * A token for a link in a campaign e-mail: the claims as base64url JSON and an
 * HMAC-SHA256 under the shop's signing secret, bound to the link's purpose (an
 * open pixel's token does not unsubscribe). Links do not expire: an old
 * e-mail's unsubscribe link must keep working.
 * @example signCampaignLink(secret, 'unsubscribe', { s: 'demo', c: 'cmp_1', p: 'c-42' }) // => 'eyJzIjoi….3kQ…'
 */
export function signCampaignLink(secret: string, purpose: LinkPurpose, claims: CampaignLinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, purpose, payload)}`;
}

/** The shop a token claims to be of, read before its signature can be checked (the secret is the shop's). */
export function peekCampaignLinkShop(token: string): string | undefined {
  return parsePayload(token.split('.')[0] ?? '')?.s;
}

/** The claims of a token signed with this secret for this purpose, else undefined. */
export function verifyCampaignLink(secret: string, purpose: LinkPurpose, token: string): CampaignLinkClaims | undefined {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(secret, purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return parsePayload(payload);
}

function parsePayload(payload: string): CampaignLinkClaims | undefined {
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<CampaignLinkClaims>;
    if (typeof v.s !== 'string' || typeof v.c !== 'string' || typeof v.p !== 'string') return undefined;
    if (v.u !== undefined && typeof v.u !== 'string') return undefined;
    return v as CampaignLinkClaims;
  } catch {
    return undefined;
  }
}

/**
 * The product page with the campaign's UTM parameters, so that the acquisition
 * analytics credit the campaign (utm_source=vitrina, utm_medium=email, utm_campaign=<id>).
 * @example withUtm('https://shop.example/p/1', 'cmp_1') // => 'https://shop.example/p/1?utm_source=vitrina&utm_medium=email&utm_campaign=cmp_1'
 */
export function withUtm(url: string, campaignId: string): string {
  const u = new URL(url);
  u.searchParams.set('utm_source', 'vitrina');
  u.searchParams.set('utm_medium', 'email');
  u.searchParams.set('utm_campaign', campaignId);
  return u.toString();
}
