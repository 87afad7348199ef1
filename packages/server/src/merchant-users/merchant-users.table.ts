import type { Generated, Insertable, Selectable } from 'kysely';

export const merchantRoles = ['owner', 'staff'] as const;
/** Owners see and change everything; staff read customers and the service queue. */
export type MerchantRole = (typeof merchantRoles)[number];

export interface MerchantUsersTable {
  shop_id: string;
  id: string;
  email: string;
  role: MerchantRole;
  /** `scrypt$N$r$p$salt$hash` (see password-hash.ts). */
  password_hash: string;
  created_at: Generated<Date>;
}
export type MerchantUser = Selectable<MerchantUsersTable>;
export type NewMerchantUser = Insertable<MerchantUsersTable>;

export interface MerchantSessionsTable {
  shop_id: string;
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
}
export type MerchantSession = Selectable<MerchantSessionsTable>;

export interface MerchantLoginFailuresTable {
  shop_id: string;
  user_id: string;
  id: Generated<number>;
  address: string;
  at: Generated<Date>;
}
