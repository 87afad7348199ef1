import type { Db } from '../db/database.js';
import { recommend } from '../recommend/index.js';
import type { ModelStore } from '../recommend/index.js';
import type { Shop } from '../shops/index.js';
import type { Campaign, CampaignRecipient } from './campaigns.table.js';
import { signCampaignLink, withUtm } from './campaign-links.js';
import { renderCampaignEmail } from './campaign-template.js';

export interface CampaignMailDeps {
  db: Db;
  models: ModelStore;
  /** Where links point: the server's public origin, e.g. `https://crm.shop.example`. */
  publicOrigin: () => string;
}

export interface ComposedEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** The products chosen for this recipient, with the reason shown for each. */
  products: { productId: string; name: string; reason: string }[];
}

type Recipient = Pick<CampaignRecipient, 'shop_id' | 'campaign_id' | 'profile_id' | 'email' | 'customer_id' | 'anonymous_id' | 'first_name'>;

const formatPrice = (price: number, currency: string, language: string) => {
  try {
    return new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency }).format(price);
  } catch {
    return `${price} ${currency}`;
  }
};

/**
 * The exact e-mail one recipient gets: the recommender's showcase for them
 * (each product with its reason sentence), signed tracked links carrying the
 * campaign's UTM parameters, an open pixel, and the unsubscribe link also as
 * `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 * (RFC 8058). The send and the admin preview both call it.
 * @example await composeCampaignEmail(deps, shop, campaign, recipient)
 * // => { to: 'anna@example.com', subject: 'New for you', headers: { 'List-Unsubscribe': '<https://…/v1/campaigns/unsubscribe/…>', … }, products: [{ productId: 'p-7', reason: 'You often look at Lighting' }], … }
 */
export async function composeCampaignEmail(deps: CampaignMailDeps, shop: Pick<Shop, 'id' | 'name' | 'signing_secret' | 'settings'>, campaign: Campaign, r: Recipient): Promise<ComposedEmail> {
  const origin = deps.publicOrigin();
  const claims = { s: shop.id, c: campaign.id, p: r.profile_id };
  const { items } = await recommend(
    deps.db,
    deps.models,
    shop.id,
    'showcase',
    { customerId: r.customer_id ?? undefined, anonymousId: r.anonymous_id ?? undefined },
    { limit: campaign.product_count, defaultRegion: shop.settings.defaultRegion },
  );
  const products = items.map((item) => {
    const target = withUtm(new URL(item.url || '/', origin).toString(), campaign.id);
    return {
      productId: item.productId,
      name: item.name,
      price: formatPrice(item.price, item.currency, campaign.language),
      imageUrl: item.imageUrl ? new URL(item.imageUrl, origin).toString() : '',
      href: `${origin}/v1/campaigns/click/${signCampaignLink(shop.signing_secret, 'click', { ...claims, u: target })}`,
      reason: item.reason.text,
    };
  });
  const unsubscribeUrl = `${origin}/v1/campaigns/unsubscribe/${signCampaignLink(shop.signing_secret, 'unsubscribe', claims)}`;
  const openPixelUrl = `${origin}/v1/campaigns/open/${signCampaignLink(shop.signing_secret, 'open', claims)}`;
  const { html, text } = await renderCampaignEmail({
    language: campaign.language,
    shopName: shop.name,
    subject: campaign.subject,
    greetingName: r.first_name,
    intro: campaign.intro,
    products,
    unsubscribeUrl,
    openPixelUrl,
  });
  return {
    to: r.email,
    subject: campaign.subject,
    html,
    text,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Vitrina-Shop': shop.id,
      'X-Vitrina-Kind': 'campaign',
      'X-Vitrina-Campaign': campaign.id,
      'X-Vitrina-Recipient': r.profile_id,
    },
    products: products.map((p, i) => ({ productId: items[i]!.productId, name: p.name, reason: p.reason })),
  };
}
