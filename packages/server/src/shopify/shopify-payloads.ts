import { z } from 'zod';

// The parts of Shopify's webhook payloads (REST-shaped JSON, the same in every
// API version this app subscribes with) that Vitrina reads. They stay in this
// folder: the rest of the server sees our own types (IncomingOrder, NewProduct).

/** Shopify's ids: numbers, or strings once past 2^53 (see shopify-json.ts). */
const id = z.union([z.string().min(1).max(100), z.number().int()]).transform(String);
const text = z.string().max(10_000);
const money = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().finite());
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date').transform((s) => new Date(s));

const address = z.object({
  name: text.nullish(),
  first_name: text.nullish(),
  last_name: text.nullish(),
  address1: text.nullish(),
  address2: text.nullish(),
  city: text.nullish(),
  zip: text.nullish(),
  country_code: text.nullish(),
  phone: text.nullish(),
});
export type ShopifyAddress = z.infer<typeof address>;

const customer = z.object({
  id,
  email: text.nullish(),
  first_name: text.nullish(),
  last_name: text.nullish(),
  phone: text.nullish(),
});

export const orderPayloadSchema = z.object({
  id,
  /** The number the shopper sees, `#1001` (the shop may add a prefix or suffix). */
  name: text.nullish(),
  order_number: z.number().int().nullish(),
  email: text.nullish(),
  contact_email: text.nullish(),
  created_at: time,
  updated_at: time,
  processed_at: time.nullish(),
  cancelled_at: time.nullish(),
  financial_status: text.nullish(),
  fulfillment_status: text.nullish(),
  currency: text.nullish(),
  total_price: money.nullish(),
  customer: customer.nullish(),
  shipping_address: address.nullish(),
  line_items: z
    .array(
      z.object({
        id,
        product_id: id.nullish(),
        variant_id: id.nullish(),
        sku: text.nullish(),
        title: text.nullish(),
        name: text.nullish(),
        quantity: z.number().int(),
        price: money,
      }),
    )
    .default([]),
  fulfillments: z
    .array(
      z.object({
        created_at: time.nullish(),
        updated_at: time.nullish(),
        status: text.nullish(),
        shipment_status: text.nullish(),
        tracking_company: text.nullish(),
        tracking_number: text.nullish(),
      }),
    )
    .default([]),
  shipping_lines: z.array(z.object({ title: text.nullish() })).default([]),
  payment_gateway_names: z.array(text).default([]),
});
export type ShopifyOrderPayload = z.infer<typeof orderPayloadSchema>;

export const productPayloadSchema = z.object({
  id,
  title: text,
  vendor: text.nullish(),
  product_type: text.nullish(),
  handle: text.nullish(),
  /** active, draft or archived; absent in older payloads, which were active. */
  status: text.nullish(),
  tags: z.union([text, z.array(text)]).nullish(),
  updated_at: time,
  variants: z
    .array(
      z.object({
        price: money.nullish(),
        inventory_quantity: z.number().int().nullish(),
        inventory_management: text.nullish(),
        inventory_policy: text.nullish(),
      }),
    )
    .default([]),
  image: z.object({ src: text.nullish() }).nullish(),
});
export type ShopifyProductPayload = z.infer<typeof productPayloadSchema>;

export const productDeletePayloadSchema = z.object({ id });

/** `customers/data_request` and `customers/redact`. */
export const customerRequestPayloadSchema = z.object({
  customer: z.object({ id: id.nullish(), email: text.nullish(), phone: text.nullish() }),
  orders_requested: z.array(id).default([]),
  orders_to_redact: z.array(id).default([]),
  data_request: z.object({ id }).nullish(),
});
export type ShopifyCustomerRequest = z.infer<typeof customerRequestPayloadSchema>;
