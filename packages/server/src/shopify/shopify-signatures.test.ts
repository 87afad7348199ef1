import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appProxyMessage, appProxySignature, oauthQueryMessage, verifyAppProxyQuery, verifyOAuthQuery, verifyWebhookHmac, webhookHmac } from './shopify-signatures.js';

const hex = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex');
const at = (unixSeconds: number) => unixSeconds * 1000;

describe('webhook HMAC', () => {
  const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}');

  it('accepts the base64 HMAC-SHA256 of the raw bytes and refuses any other', () => {
    const header = createHmac('sha256', 'secret').update(body).digest('base64');
    expect(webhookHmac('secret', body)).toBe(header);
    expect(verifyWebhookHmac('secret', body, header)).toBe(true);
    expect(verifyWebhookHmac('other', body, header)).toBe(false);
    expect(verifyWebhookHmac('secret', body, undefined)).toBe(false);
    expect(verifyWebhookHmac('secret', body, '')).toBe(false);
    expect(verifyWebhookHmac('secret', body, 'not base64!')).toBe(false);
    expect(verifyWebhookHmac('secret', body, header.slice(0, 20))).toBe(false);
  });

  it('refuses the same JSON serialized again', () => {
    const header = webhookHmac('secret', body);
    const again = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
    expect(verifyWebhookHmac('secret', again, header)).toBe(false);
  });
});

describe('OAuth query HMAC', () => {
  // Shopify's documented examples (secret `hush`), with and without a state.
  it("passes Shopify's documented vectors", () => {
    expect(verifyOAuthQuery('hush', new URLSearchParams('code=0907a61c0c8d55e99db179b68161bc00&hmac=4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20&shop=some-shop.myshopify.com&timestamp=1337178173'))).toBe(true);
    expect(
      verifyOAuthQuery('hush', new URLSearchParams('code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173')),
    ).toBe(true);
  });

  it('signs the parameters but hmac, sorted, joined by &, and refuses a tampered one', () => {
    const q = new URLSearchParams('timestamp=1337178173&shop=some-shop.myshopify.com&hmac=x&code=abc');
    expect(oauthQueryMessage(q)).toBe('code=abc&shop=some-shop.myshopify.com&timestamp=1337178173');
    const tampered = new URLSearchParams('code=0907a61c0c8d55e99db179b68161bc00&hmac=4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20&shop=evil-shop.myshopify.com&timestamp=1337178173');
    expect(verifyOAuthQuery('hush', tampered)).toBe(false);
    expect(verifyOAuthQuery('hush', new URLSearchParams('code=a&shop=b'))).toBe(false);
  });
});

describe('app proxy signature', () => {
  const documented = 'extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555';

  it("passes Shopify's documented vectors (secret hush)", () => {
    // shopify.dev "Authenticate app proxies": the forwarded request with a logged-in customer.
    const current = new URLSearchParams(`${documented}&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb`);
    expect(appProxyMessage(current)).toBe('extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555');
    expect(verifyAppProxyQuery('hush', current, at(1317327555))).toEqual({ ok: true });
    // The page's earlier version, before logged_in_customer_id was added (2022).
    const earlier = new URLSearchParams('extra=1&extra=2&shop=shop-name.myshopify.com&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3');
    expect(verifyAppProxyQuery('hush', earlier, at(1317327555))).toEqual({ ok: true });
  });

  it('refuses a9718877… for a query it was not computed for (some-shop with a logged-in customer and no extra)', () => {
    // The signature a9718877… belongs to the earlier vector's query above; over this one the
    // documented algorithm gives another value, so both must not verify.
    const q = new URLSearchParams('shop=some-shop.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=a9718877bea71c2484f91608a7eaea1532bdf71f5c56825065fa4ccabe549ef3');
    expect(verifyAppProxyQuery('hush', q, at(1317327555))).toEqual({ ok: false, code: 'bad_signature' });
    expect(appProxySignature('hush', q)).toBe(hex('hush', 'logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=some-shop.myshopify.comtimestamp=1317327555'));
  });

  it('sorts by byte order: upper case before lower case, - before _ (where localeCompare differs)', () => {
    const q = new URLSearchParams('shop=s.myshopify.com&timestamp=1317327555&Zeta=1&alpha=2&a_b=3&a-b=4');
    // Byte order of the key=value pairs: 'Z' (0x5A) < 'a' (0x61); 'a-b=' < 'a=' … < 'a_b' ('-' 0x2D < '_' 0x5F).
    expect(appProxyMessage(q)).toBe('Zeta=1a-b=4a_b=3alpha=2shop=s.myshopify.comtimestamp=1317327555');
    const locale = [...q].map(([k, v]) => `${k}=${v}`).sort((a, b) => a.localeCompare(b)).join('');
    expect(locale).not.toBe(appProxyMessage(q));
    const signed = new URLSearchParams(q);
    signed.append('signature', hex('secret', appProxyMessage(q)));
    expect(verifyAppProxyQuery('secret', signed, at(1317327555))).toEqual({ ok: true });
    // Signed the localeCompare way, it is not Shopify's signature.
    const wrong = new URLSearchParams(q);
    wrong.append('signature', hex('secret', locale));
    expect(verifyAppProxyQuery('secret', wrong, at(1317327555))).toEqual({ ok: false, code: 'bad_signature' });
  });

  it('refuses a tampered value, a missing or repeated signature, and a request older than five minutes', () => {
    const good = new URLSearchParams(`${documented}&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb`);
    const tampered = new URLSearchParams(good.toString().replace('logged_in_customer_id=1', 'logged_in_customer_id=2'));
    expect(verifyAppProxyQuery('hush', tampered, at(1317327555))).toEqual({ ok: false, code: 'bad_signature' });
    expect(verifyAppProxyQuery('hush', new URLSearchParams(documented), at(1317327555))).toEqual({ ok: false, code: 'bad_signature' });
    const twice = new URLSearchParams(good);
    twice.append('signature', good.get('signature')!);
    expect(verifyAppProxyQuery('hush', twice, at(1317327555))).toEqual({ ok: false, code: 'bad_signature' });
    expect(verifyAppProxyQuery('hush', good, at(1317327555 + 300))).toEqual({ ok: true });
    expect(verifyAppProxyQuery('hush', good, at(1317327555 + 301))).toEqual({ ok: false, code: 'stale' });
  });
});
