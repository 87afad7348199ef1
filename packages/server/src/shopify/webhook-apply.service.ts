import type { z } from 'zod';
import { findCatalogProducts, upsertProducts } from '../catalog/index.js';
import { insertMissingCustomers } from '../customers/index.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { findOrderById, recordOrders } from '../orders/index.js';
import { eraseCustomer, eraseShop, exportCustomer, type CustomerSelector, withoutSuppressedPeople } from '../privacy/index.js';
import { recordOrdersInProfiles, type ScoreSettings } from '../profiles/index.js';
import { findShopById } from '../shops/index.js';
import { insertDataRequest } from './data-requests.repository.js';
import { shopifyOrderFrom, type ShopifyOrder } from './shopify-orders.js';
import { customerRequestPayloadSchema, orderPayloadSchema, productDeletePayloadSchema, productPayloadSchema, type ShopifyCustomerRequest } from './shopify-payloads.js';
import { shopifyProductFrom } from './shopify-products.js';
import { claimProductVersion, findOrderIdsByShopifyIds, markProductDeleted, upsertOrderRef } from './shopify-resources.repository.js';
import { findShopifyShopByShopId, markShopifyShopUninstalled } from './shopify-shops.repository.js';
import type { InboxRow } from './shopify.table.js';
import { markInboxApplied, type InboxClaim } from './webhook-inbox.repository.js';

/** How one delivery went: applied (with what it did, for the log), or a failure to retry or give up on. */
export type ApplyOutcome = { ok: true; effect: string } | { ok: false; permanent: boolean; error: string };

/** Another drainer recorded this delivery first: the transaction rolls back. */
class ClaimLost extends Error {}

export const orderTopics = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'] as const;
export const productTopics = ['products/create', 'products/update', 'products/delete'] as const;
export const complianceTopics = ['customers/data_request', 'customers/redact', 'shop/redact'] as const;
/** Every topic the app subscribes to (examples/shopify-app's shopify.app.toml lists the same). */
export const subscribedTopics = [...orderTopics, ...productTopics, 'app/uninstalled', ...complianceTopics] as const;

function parse<T extends z.ZodType>(schema: T, body: unknown): { ok: true; value: z.infer<T> } | { ok: false; error: string } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: `unexpected payload: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
}

/**
 * Applies one claimed delivery and records it applied. Orders, products and
 * app/uninstalled are applied in one transaction with that record, so a
 * delivery has its effect once however often it is claimed. The compliance
 * topics call the data-rights functions, which open transactions of their
 * own; they are idempotent (a second erasure finds nothing left), so a crash
 * between them and the record repeats them harmlessly.
 * @example await applyInboxRow(db, logger, row) // => { ok: true, effect: 'order 1001 written' }
 */
export async function applyInboxRow(db: Db, logger: Logger, row: InboxRow): Promise<ApplyOutcome> {
  const claim: InboxClaim = row;
  const inTransaction = async (apply: (tx: Db) => Promise<string>): Promise<ApplyOutcome> => {
    try {
      const effect = await db.transaction().execute(async (tx) => {
        const effect = await apply(tx);
        if (!(await markInboxApplied(tx, claim))) throw new ClaimLost();
        return effect;
      });
      return { ok: true, effect };
    } catch (err) {
      if (err instanceof ClaimLost) return { ok: true, effect: 'recorded by another drainer' };
      throw err;
    }
  };
  const topic = row.topic;

  if ((orderTopics as readonly string[]).includes(topic)) {
    const payload = parse(orderPayloadSchema, row.body);
    if (!payload.ok) return { ok: false, permanent: true, error: payload.error };
    const mapped = shopifyOrderFrom(row.shop_id, payload.value);
    if (!mapped.ok) return { ok: false, permanent: true, error: mapped.reason };
    return inTransaction((tx) => applyOrder(tx, row.shop_id, mapped.order));
  }
  if (topic === 'products/create' || topic === 'products/update') {
    const payload = parse(productPayloadSchema, row.body);
    if (!payload.ok) return { ok: false, permanent: true, error: payload.error };
    const shop = await findShopifyShopByShopId(db, row.shop_id);
    return inTransaction(async (tx) => {
      if (!(await claimProductVersion(tx, row.shop_id, payload.value.id, payload.value.updated_at))) return `product ${payload.value.id}: an equal or newer version is applied`;
      await upsertProducts(tx, [shopifyProductFrom(row.shop_id, shop?.myshopify_domain ?? '', payload.value)]);
      return `product ${payload.value.id} written`;
    });
  }
  if (topic === 'products/delete') {
    const payload = parse(productDeletePayloadSchema, row.body);
    if (!payload.ok) return { ok: false, permanent: true, error: payload.error };
    return inTransaction(async (tx) => {
      await markProductDeleted(tx, row.shop_id, payload.value.id);
      // Kept for past orders' lines, but out of stock: recommendations leave out what cannot be bought.
      const [product] = await findCatalogProducts(tx, row.shop_id, { ids: [payload.value.id], limit: 1 });
      if (product) await upsertProducts(tx, [{ shop_id: row.shop_id, id: product.id, name: product.name, price: Number(product.price), in_stock: false }]);
      return `product ${payload.value.id} deleted`;
    });
  }
  if (topic === 'app/uninstalled') {
    return inTransaction(async (tx) => {
      const changed = await markShopifyShopUninstalled(tx, row.shop_id, row.triggered_at ?? row.received_at);
      return changed ? 'uninstalled; tokens deleted' : 'installed again since: ignored';
    });
  }
  if (topic === 'customers/data_request' || topic === 'customers/redact') {
    const payload = parse(customerRequestPayloadSchema, row.body);
    if (!payload.ok) return { ok: false, permanent: true, error: payload.error };
    const who = selectorOf(payload.value);
    if (!who) return inTransaction(async () => `${topic}: names no customer`);
    if (topic === 'customers/data_request') return inTransaction((tx) => storeDataRequest(tx, row.shop_id, who, payload.value));
    await redactCustomer(db, row.shop_id, who, payload.value);
    return inTransaction(async () => 'customer erased');
  }
  if (topic === 'shop/redact') {
    // Sent 48 hours after an uninstall. A shop installed again since keeps its data.
    const shop = await findShopifyShopByShopId(db, row.shop_id);
    if (shop?.status === 'active') {
      logger.warn('shopify shop/redact for an installed shop: ignored', { shopId: row.shop_id });
      return inTransaction(async () => 'installed again since: ignored');
    }
    const erased = await eraseShop(db, row.shop_id, 'shopify:shop/redact');
    // The inbox went with the shop: nothing is left to record.
    return { ok: true, effect: erased.ok ? 'shop erased' : 'shop already gone' };
  }
  return inTransaction(async () => `topic ${topic} is not one Vitrina applies`);
}

async function applyOrder(tx: Db, shopId: string, mapped: ShopifyOrder): Promise<string> {
  // An erased customer's order comes in without them: no customer record, no profile.
  const { orders, suppressed } = await withoutSuppressedPeople(tx, shopId, [mapped.incoming]);
  const order = orders[0]!.order;
  const country = order.shipping_address?.country ?? null;
  if (mapped.customer && !suppressed.has(order.id)) {
    await insertMissingCustomers(tx, [
      { shop_id: shopId, id: mapped.customer.id, email: mapped.customer.email, first_name: mapped.customer.firstName, last_name: mapped.customer.lastName, region: country },
    ]);
  }
  // Profiles first, then orders: the order every writer locks them in (see importer/import-orders.ts).
  if (order.customer_id) {
    const a = order.shipping_address;
    await recordOrdersInProfiles(tx, shopId, [
      {
        orderId: order.id,
        customerId: order.customer_id,
        total: Number(order.total),
        placedAt: order.placed_at as Date,
        region: country,
        checkout: {
          ...(order.delivery_method ? { deliveryMethod: order.delivery_method } : {}),
          ...(order.payment_type ? { paymentType: order.payment_type } : {}),
          ...(a ? { address: { ...(a.name ? { name: a.name } : {}), ...(a.line1 ? { line1: a.line1 } : {}), ...(a.city ? { city: a.city } : {}), ...(a.postalCode ? { postalCode: a.postalCode } : {}), ...(a.country ? { country: a.country } : {}) } } : {}),
        },
      },
    ]);
  }
  const written = await recordOrders(tx, orders);
  await upsertOrderRef(tx, shopId, mapped.shopifyId, order.id);
  return written.size ? `order ${order.id} written${suppressed.size ? ' anonymized' : ''}` : `order ${order.id}: an equal or newer version is stored`;
}

function selectorOf(p: ShopifyCustomerRequest): CustomerSelector | undefined {
  const who: CustomerSelector = {};
  if (p.customer.id) who.userId = p.customer.id;
  if (p.customer.email?.trim()) who.email = p.customer.email.trim();
  if (p.customer.phone?.trim()) who.phone = p.customer.phone.trim();
  return Object.keys(who).length ? who : undefined;
}

async function storeDataRequest(tx: Db, shopId: string, who: CustomerSelector, p: ShopifyCustomerRequest): Promise<string> {
  const shop = await findShopById(tx, shopId);
  const document = await exportCustomer(tx, shopId, who, (shop?.settings ?? {}) as ScoreSettings, 'shopify:customers/data_request');
  const id = await insertDataRequest(tx, { shopId, dataRequestId: p.data_request?.id ?? null, customerId: who.userId ?? null, email: who.email?.toLowerCase() ?? null, document });
  return `export ${id} stored (${document.orders.length} orders, ${document.events.length} events)`;
}

async function redactCustomer(db: Db, shopId: string, who: CustomerSelector, p: ShopifyCustomerRequest): Promise<void> {
  await eraseCustomer(db, shopId, who, 'shopify:customers/redact');
  // Orders Shopify names that still carry someone (a guest order under another e-mail).
  for (const orderId of await findOrderIdsByShopifyIds(db, shopId, p.orders_to_redact)) {
    const order = await findOrderById(db, shopId, orderId);
    if (order && (order.customer_id || order.email || order.anonymous_id)) await eraseCustomer(db, shopId, { orderId }, 'shopify:customers/redact');
  }
}
