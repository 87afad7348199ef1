import type { ConsentMode } from '@vitrina/protocol';
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ShopSettings {
  /**
   * How the storefront asks for consent, served to the SDK by `GET /v1/config`.
   * Absent (shops made before the setting) and for new shops: opt-in, which
   * is what the GDPR and ePrivacy rules ask for in the EU and the UK.
   */
  consentMode?: ConsentMode;
  /** Storefront origins allowed to call the public API; empty means any. */
  allowedOrigins?: string[];
  currency?: string;
  /** Default region for visitors the shop knows nothing about. */
  defaultRegion?: string;
  /** Days raw events are kept; unset keeps them until the shop or the customer is erased. */
  eventRetentionDays?: number;
  /** Days rejected events (kept as sent, for debugging an integration) are kept; default 30. */
  failedEventRetentionDays?: number;
}

export interface ShopsTable {
  id: string;
  name: string;
  /** Public: it is in every storefront page. */
  write_key: string;
  /** SHA-256 of the admin key; the key itself is shown once, at creation. */
  admin_key_hash: string;
  /** Signs customer ids and service links (HMAC-SHA256); never leaves the server. */
  signing_secret: string;
  settings: ColumnType<ShopSettings, ShopSettings | undefined, ShopSettings>;
  created_at: Generated<Date>;
}
export type Shop = Selectable<ShopsTable>;
