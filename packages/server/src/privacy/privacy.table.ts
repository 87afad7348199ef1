import type { ColumnType, Generated } from 'kysely';

/** The kinds of identifier an erasure suppresses. */
export type IdentifierKind = 'anonymous' | 'user' | 'email' | 'phone';

export interface PrivacySaltsTable {
  shop_id: string;
  /** Random hex, per shop: a suppression hash says nothing outside its shop. */
  salt: string;
  created_at: Generated<Date>;
}

export interface SuppressedIdentifiersTable {
  shop_id: string;
  /** SHA-256 of `salt:kind:value` (see identifiers.ts). */
  hash: Buffer;
  kind: IdentifierKind;
  created_at: Generated<Date>;
}

export type PrivacyAction = 'erase_customer' | 'export_customer' | 'lift_suppression' | 'erase_shop';

export interface PrivacyAuditTable {
  shop_id: string;
  id: Generated<number>;
  at: Generated<Date>;
  /** Who asked: `admin-api`, `cli`, `shopify` (never a person's e-mail). */
  actor: string;
  action: PrivacyAction;
  /** How many rows each table lost or gave, by table name. */
  rows: ColumnType<Record<string, number>, Record<string, number> | string | undefined, Record<string, number> | string>;
}
