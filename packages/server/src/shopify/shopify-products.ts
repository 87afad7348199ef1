import type { NewProduct } from '../catalog/index.js';
import type { ShopifyProductPayload } from './shopify-payloads.js';

const MAX_MONEY = 1e10;

/**
 * Whether a product can be bought: it is active (not a draft, not archived)
 * and some variant is in stock, is sold when out of stock, or is not tracked.
 */
export function isShopifyProductBuyable(p: ShopifyProductPayload): boolean {
  if ((p.status ?? 'active') !== 'active') return false;
  if (p.variants.length === 0) return true;
  return p.variants.some((v) => !v.inventory_management || v.inventory_policy === 'continue' || (v.inventory_quantity ?? 1) > 0);
}

/**
 * Our catalog row for a `products/create|update` payload: id is Shopify's
 * product id (what order lines name), the lowest variant price, vendor as the
 * brand, product type as the category, the storefront URL from the handle.
 * @example shopifyProductFrom('shop_1', 'x.myshopify.com', payload) // => { shop_id: 'shop_1', id: '632910392', name: 'IPod Nano', price: 199, brand: 'Apple', in_stock: true, ... }
 */
export function shopifyProductFrom(shopId: string, domain: string, p: ShopifyProductPayload): NewProduct {
  const prices = p.variants.map((v) => v.price).filter((n): n is number => n != null && Number.isFinite(n) && Math.abs(n) < MAX_MONEY);
  const tags = (Array.isArray(p.tags) ? p.tags : (p.tags ?? '').split(','))
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 100)
    .map((t) => t.slice(0, 100));
  return {
    shop_id: shopId,
    id: p.id,
    name: p.title.trim().slice(0, 500) || p.id,
    price: prices.length ? Math.round(Math.min(...prices) * 100) / 100 : 0,
    brand: (p.vendor ?? '').trim().slice(0, 200),
    category: (p.product_type ?? '').trim().slice(0, 200),
    url: p.handle ? `https://${domain}/products/${encodeURIComponent(p.handle)}` : '',
    image_url: (p.image?.src ?? '').slice(0, 2000),
    in_stock: isShopifyProductBuyable(p),
    tags,
  };
}
