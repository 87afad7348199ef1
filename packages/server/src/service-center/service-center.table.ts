import type { ClaimStatus } from '@vitrina/protocol';
import type { Generated, Insertable, Selectable } from 'kysely';

export interface ServiceSettingsTable {
  shop_id: string;
  /** When the warranty clock starts: at delivery (the default) or at purchase. */
  warranty_starts_at: Generated<'delivery' | 'purchase'>;
  service_center_url: string | null;
  mail_from: string | null;
  updated_at: Generated<Date>;
}
export type ServiceSettings = Selectable<ServiceSettingsTable>;

export interface ServiceClaimsTable {
  shop_id: string;
  /** What the shopper and the service point quote, e.g. `W-7K3QX9`. */
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  product_name: string;
  serial_number: string | null;
  email: string;
  customer_name: string | null;
  problem: string;
  photo: Buffer | null;
  photo_type: string | null;
  service_point_id: string | null;
  distance_km: number | null;
  status: ClaimStatus;
  locale: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type ServiceClaim = Selectable<ServiceClaimsTable>;
export type NewServiceClaim = Insertable<ServiceClaimsTable>;

export interface ServiceClaimEventsTable {
  shop_id: string;
  claim_id: string;
  seq: number;
  status: ClaimStatus;
  at: Generated<Date>;
  note: string | null;
  actor: 'shopper' | 'staff' | 'system';
}
export type ServiceClaimEvent = Selectable<ServiceClaimEventsTable>;

export interface ServiceLookupAttemptsTable {
  shop_id: string;
  /**
   * What the attempt counts against: `ip` every lookup of a client address
   * (subject: the address); `order_client` a verification of an order from
   * one address (subject: `address order`); `order` the same from any address
   * (subject: the lower-cased order number).
   */
  scope: 'ip' | 'order_client' | 'order';
  subject: string;
  id: Generated<number>;
  at: Generated<Date>;
}

export interface ServiceTemplatesTable {
  shop_id: string;
  key: string;
  locale: string;
  subject: string;
  body: string;
  updated_at: Generated<Date>;
}
