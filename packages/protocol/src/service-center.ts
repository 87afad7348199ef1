import { z } from 'zod';
import { storableText } from './storable-text.js';

/**
 * Wire formats of the service center: `/v1/service/*` (shoppers, through the
 * widget) and `/v1/admin/service/*` (staff). The server parses with these
 * schemas; the widget imports the types only. Every text a request brings is
 * a `storableText`: Postgres refuses NUL, so a NUL is a 400 here.
 */

export const orderStatusValues = ['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatusValue = (typeof orderStatusValues)[number];

export const claimStatuses = ['submitted', 'accepted', 'at_service_point', 'repaired', 'replaced', 'rejected', 'closed'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export const supportedLocales = ['en', 'ru'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];

const orderNumber = storableText
  .trim()
  .min(1)
  .max(64)
  .transform((s) => s.replace(/^#/, ''));
const locale = z.enum(supportedLocales).default('en');

/** `POST /v1/service/lookup`: order number plus the e-mail or the postal code of the order. */
export const serviceLookupSchema = z
  .object({
    writeKey: storableText.min(1).max(200).optional(),
    orderNumber,
    email: storableText.trim().min(3).max(320).optional(),
    postalCode: storableText.trim().min(2).max(16).optional(),
    locale: locale.optional(),
  })
  .refine((v) => Boolean(v.email) !== Boolean(v.postalCode), { message: 'send either email or postalCode', path: ['email'] });
export type ServiceLookup = z.input<typeof serviceLookupSchema>;

/** `POST /v1/service/session`: exchanges a signed link from a notification e-mail for a token. */
export const serviceSessionSchema = z.object({ link: storableText.min(10).max(2000), writeKey: storableText.max(200).optional() });

/**
 * What a token lets its holder see. `order`: one order, minimum fields (looked
 * up by postal code). `customer`: every order of that e-mail, minimum fields
 * (order number + e-mail). `verified`: the mailbox is proven (signed link), so
 * the delivery address is shown too.
 */
export const accessLevels = ['order', 'customer', 'verified'] as const;
export type AccessLevel = (typeof accessLevels)[number];

export interface ServiceSession {
  token: string;
  expiresAt: string;
  level: AccessLevel;
  /** The order the shopper looked up, when they came by order number. */
  orderId?: string;
  firstName?: string;
}

export type WarrantyState = 'active' | 'expired' | 'pending' | 'none' | 'void';
export interface Warranty {
  state: WarrantyState;
  months: number;
  /** Set when the warranty has started: the day it ends (ISO date). */
  endsOn?: string;
  startsOn?: string;
}

export interface ServiceOrderItem {
  lineNo: number;
  productId: string;
  name: string;
  category: string;
  brand: string;
  quantity: number;
  serialNumbers: string[];
  warranty: Warranty;
}

export interface ServiceOrderSummary {
  id: string;
  status: OrderStatusValue;
  placedAt: string;
  total: number;
  currency: string;
  itemCount: number;
  firstItem: string;
}

export interface ServiceOrder extends ServiceOrderSummary {
  carrier: string | null;
  trackingNumber: string | null;
  deliveredAt: string | null;
  /** The day staff expect it to arrive (YYYY-MM-DD), when they said. */
  expectedOn?: string;
  items: ServiceOrderItem[];
  timeline: { status: OrderStatusValue; at: string; note: string | null }[];
  /** Only at the `verified` level. */
  shippingAddress?: { name?: string; line1?: string; city?: string; postalCode?: string; country?: string };
}

export interface ServicePointView {
  id: string;
  name: string;
  address: string;
  city: string;
  postalCode: string;
  hours: string;
  lat: number;
  lon: number;
  distanceKm: number | null;
  mapUrl: string;
}

export interface ClaimView {
  id: string;
  orderId: string;
  lineNo: number;
  productName: string;
  serialNumber: string | null;
  problem: string;
  status: ClaimStatus;
  createdAt: string;
  point: ServicePointView | null;
  history: { status: ClaimStatus; at: string; note: string | null }[];
}

/** `POST /v1/service/claims`. */
export const createClaimSchema = z.object({
  orderId: orderNumber,
  lineNo: z.number().int().min(1).max(10_000),
  serialNumber: storableText.trim().min(1).max(100).optional(),
  problem: storableText.trim().min(10, 'describe the problem in at least 10 characters').max(4000),
  /** An optional photo as a data URL (JPEG, PNG or WebP), at most about 1 MB. */
  photo: z
    .string()
    .max(1_400_000, 'the photo is over 1 MB')
    .regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, 'a JPEG, PNG or WebP data URL')
    .optional(),
  /** Where the shopper wants service, when not near the delivery address. */
  postalCode: storableText.trim().min(2).max(16).optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  locale: locale.optional(),
});
export type CreateClaim = z.input<typeof createClaimSchema>;

/** `PATCH /v1/admin/service/claims/:id`. */
export const updateClaimSchema = z.object({
  status: z.enum(claimStatuses),
  note: storableText.trim().max(2000).optional(),
  notify: z.boolean().default(true),
});

/**
 * A real calendar day written YYYY-MM-DD (2026-02-30 is not one).
 * @example isCalendarDay('2026-12-24') // => true
 */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `POST /v1/admin/orders/:id/status`: the few fields staff enter. */
export const updateOrderStatusSchema = z.object({
  status: z.enum(orderStatusValues),
  carrier: storableText.trim().min(1).max(60).optional(),
  trackingNumber: storableText.trim().min(1).max(100).optional(),
  /** The day it is expected to arrive (YYYY-MM-DD); null clears it. */
  expectedOn: z.string().refine(isCalendarDay, 'a calendar day as YYYY-MM-DD').nullable().optional(),
  note: storableText.trim().max(2000).optional(),
  at: z.coerce.date().optional(),
  notify: z.boolean().default(true),
});

/** Service points as staff manage them through `/v1/admin/service-points`. */
export const servicePointSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
  name: storableText.trim().min(1).max(200),
  address: storableText.trim().min(1).max(300),
  city: storableText.trim().min(1).max(100),
  postalCode: storableText.trim().min(1).max(16),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  hours: storableText.trim().max(300).default(''),
  email: storableText.trim().email().max(320),
  categories: z.array(storableText.trim().min(1).max(100)).max(100).default([]),
  brands: z.array(storableText.trim().min(1).max(100)).max(100).default([]),
});
export type ServicePointInput = z.input<typeof servicePointSchema>;

export const templateKeys = ['claim_request', 'claim_confirmation', 'claim_status', 'order_status'] as const;
export type TemplateKey = (typeof templateKeys)[number];

/** `PUT /v1/admin/service/templates/:key/:locale`. */
export const templateSchema = z.object({
  subject: storableText.trim().min(1).max(300),
  body: storableText.trim().min(1).max(20_000),
});

/** `PUT /v1/admin/service/settings`. */
export const serviceSettingsSchema = z.object({
  warrantyStartsAt: z.enum(['delivery', 'purchase']).optional(),
  /** The page with the widget; signed links in e-mails point there. */
  serviceCenterUrl: storableText.url().max(500).optional(),
  /** The sender of the shop's service e-mails. */
  mailFrom: storableText.max(320).optional(),
});
