import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type ShopifyShopStatus = 'active' | 'uninstalled';

/** A Vitrina shop installed from Shopify: its domain, status and offline tokens (sealed, see sealed-secret.ts). */
export interface ShopifyShopsTable {
  shop_id: string;
  /** `example.myshopify.com`, lower case. */
  myshopify_domain: string;
  status: ShopifyShopStatus;
  installed_at: Date;
  uninstalled_at: Date | null;
  /** The scopes Shopify granted, comma-separated. */
  scopes: string;
  access_token: string | null;
  access_token_key_id: string | null;
  access_token_expires_at: Date | null;
  refresh_token: string | null;
  refresh_token_key_id: string | null;
  refresh_token_expires_at: Date | null;
  updated_at: Generated<Date>;
}
export type ShopifyShop = Selectable<ShopifyShopsTable>;

export type InboxStatus = 'pending' | 'applied' | 'failed';

/** One webhook delivery, stored before it is answered; applied by the inbox job. */
export interface ShopifyWebhookInboxTable {
  shop_id: string;
  /** `X-Shopify-Event-Id`: the same on every delivery of one event. */
  event_id: string;
  webhook_id: string | null;
  topic: string;
  api_version: string | null;
  triggered_at: Date | null;
  received_at: Generated<Date>;
  /** The payload; null once applied (it held personal data that the tables it fed now hold). */
  body: ColumnType<unknown, string | null, string | null>;
  status: ColumnType<InboxStatus, InboxStatus | undefined, InboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  applied_at: Date | null;
}
export type InboxRow = Selectable<ShopifyWebhookInboxTable>;
export type NewInboxRow = Insertable<ShopifyWebhookInboxTable>;

export type ShopifyResourceKind = 'order' | 'product';

/** Shopify's numeric id of an order or product, ours, and the version last applied. */
export interface ShopifyResourcesTable {
  shop_id: string;
  kind: ShopifyResourceKind;
  shopify_id: string;
  vitrina_id: string;
  /** The payload's `updated_at` last applied (products; orders keep theirs in orders.updated_at). */
  updated_at: Date | null;
  deleted: Generated<boolean>;
}

/** The export a `customers/data_request` produced, kept for the merchant. */
export interface ShopifyDataRequestsTable {
  shop_id: string;
  id: Generated<number>;
  /** Shopify's `data_request.id`. */
  data_request_id: string | null;
  customer_id: string | null;
  email: string | null;
  requested_at: Generated<Date>;
  document: ColumnType<unknown, string, string>;
}
