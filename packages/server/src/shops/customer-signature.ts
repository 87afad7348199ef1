import { createHmac } from 'node:crypto';
import type { Shop } from './shops.table.js';
import { safeEqual } from './keys.js';

/**
 * The signature a shop's backend gives its page for a logged-in customer:
 * hex HMAC-SHA256 of the customer id, keyed by the shop's signing secret.
 * With it, a page may read that customer's personal data (purchase history,
 * checkout prefill); without it, only what its own anonymous id did.
 * @example signCustomerId(shop, 'c-00042') // => '9f2c...' (64 hex characters)
 */
export function signCustomerId(shop: Pick<Shop, 'signing_secret'>, customerId: string): string {
  return createHmac('sha256', shop.signing_secret).update(customerId).digest('hex');
}

export function verifyCustomerSignature(shop: Pick<Shop, 'signing_secret'>, customerId: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  return safeEqual(signCustomerId(shop, customerId), signature.toLowerCase());
}
