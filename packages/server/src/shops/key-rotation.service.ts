import type { Db } from '../db/database.js';
import { generateToken, hashKey } from './keys.js';
import { expireOldKeys, findShopKeysForUpdate, insertKeyRotation, listKeyRotations, updateShopAdminKeyHash, updateShopWriteKey } from './key-rotations.repository.js';
import type { KeyKind } from './key-rotations.table.js';
import { forgetWriteKey } from './shops.service.js';

/** The longest overlap a rotation may give the old key: 30 days. */
export const MAX_GRACE_HOURS = 720;

export type KeyRotationResult =
  | { ok: true; kind: KeyKind; key: string; rotatedAt: Date; oldKeyValidUntil: Date }
  | { ok: false; code: 'shop_not_found' };

/**
 * Gives the shop a new write key or admin key. The old one keeps working for
 * `graceHours` (0: it stops at once), so storefronts and scripts can change
 * over without a gap; the rotation is recorded with who asked. The new key is
 * in the answer only: a write key is public anyway, an admin key is stored as
 * its SHA-256 and cannot be shown again.
 * @example await rotateShopKey(db, 'shop_1', { kind: 'admin', graceHours: 24, actor: 'owner@lantern.test' })
 * // => { ok: true, kind: 'admin', key: 'ak_9Qe…', rotatedAt, oldKeyValidUntil: <24 hours later> }
 */
export async function rotateShopKey(db: Db, shopId: string, input: { kind: KeyKind; graceHours: number; actor: string }): Promise<KeyRotationResult> {
  const key = input.kind === 'write' ? generateToken('wk_', 24) : generateToken('ak_', 40);
  const result = await db.transaction().execute(async (trx) => {
    const current = await findShopKeysForUpdate(trx, shopId);
    if (!current) return undefined;
    const expiresAt = new Date(Date.now() + input.graceHours * 3_600_000);
    if (input.kind === 'write') await updateShopWriteKey(trx, shopId, key);
    else await updateShopAdminKeyHash(trx, shopId, hashKey(key));
    const oldKey = input.kind === 'write' ? current.writeKey : current.adminKeyHash;
    const { rotatedAt } = await insertKeyRotation(trx, { shopId, kind: input.kind, oldKey, expiresAt, actor: input.actor });
    return { oldKey, rotatedAt, expiresAt };
  });
  if (!result) return { ok: false, code: 'shop_not_found' };
  // This process's cache holds the old write key for up to 30 s; it asks again now (other processes within those 30 s).
  if (input.kind === 'write') forgetWriteKey(result.oldKey);
  return { ok: true, kind: input.kind, key, rotatedAt: result.rotatedAt, oldKeyValidUntil: result.expiresAt };
}

/**
 * Ends the overlap of the shop's replaced keys of one kind now (a key leaked,
 * or everything has changed over); returns how many stopped.
 * @example await revokeOldKeys(db, 'shop_1', 'write') // => 1
 */
export async function revokeOldKeys(db: Db, shopId: string, kind: KeyKind): Promise<number> {
  const ended = await expireOldKeys(db, shopId, kind);
  if (kind === 'write') for (const k of ended) forgetWriteKey(k);
  return ended.length;
}

/** One rotation as the panel shows it: the old write key (public) is named, an old admin key never is. */
export interface KeyRotationView {
  kind: KeyKind;
  rotatedAt: Date;
  actor: string;
  oldKeyValidUntil: Date;
  oldWriteKey: string | null;
}

/**
 * The shop's rotations, newest first: the audit of who rotated which key when, and until when each old key worked.
 * @example await listShopKeyRotations(db, 'shop_1') // => [{ kind: 'admin', actor: 'owner@lantern.test', rotatedAt, oldKeyValidUntil, oldWriteKey: null }]
 */
export async function listShopKeyRotations(db: Db, shopId: string): Promise<KeyRotationView[]> {
  const rows = await listKeyRotations(db, shopId);
  return rows.map((r) => ({ kind: r.kind, rotatedAt: r.rotatedAt, actor: r.actor, oldKeyValidUntil: r.oldKeyExpiresAt, oldWriteKey: r.kind === 'write' ? r.oldKey : null }));
}
