import type { Generated, Selectable } from 'kysely';

export const keyKinds = ['write', 'admin'] as const;
export type KeyKind = (typeof keyKinds)[number];

/** One rotation of a shop's key: the key it replaced (the write key, or the admin key's SHA-256), valid until `old_key_expires_at`. */
export interface ShopKeyRotationsTable {
  shop_id: string;
  id: Generated<number>;
  kind: KeyKind;
  old_key: string;
  old_key_expires_at: Date;
  actor: string;
  rotated_at: Generated<Date>;
}
export type ShopKeyRotation = Selectable<ShopKeyRotationsTable>;
