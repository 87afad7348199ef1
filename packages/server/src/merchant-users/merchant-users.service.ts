import type { Db } from '../db/database.js';
import { generateToken, findShopById } from '../shops/index.js';
import { countShopOwners, deleteMerchantUser, findMerchantUserById, insertMerchantUser, listMerchantUsers } from './merchant-users.repository.js';
import type { MerchantRole } from './merchant-users.table.js';
import { hashPassword } from './password-hash.js';

export const MIN_PASSWORD_LENGTH = 10;

export type AddUserResult =
  | { ok: true; user: { id: string; shopId: string; email: string; role: MerchantRole } }
  | { ok: false; code: 'shop_not_found' | 'email_taken' | 'password_too_short' | 'invalid_email' };

/**
 * Adds a merchant user who signs in to the panel with this e-mail and password.
 * @example await addMerchantUser(db, { shopId: 'demo', email: 'owner@shop.test', role: 'owner', password: 'a long secret' })
 * // => { ok: true, user: { id: 'mu_...', shopId: 'demo', email: 'owner@shop.test', role: 'owner' } }
 */
export async function addMerchantUser(db: Db, input: { shopId: string; email: string; role: MerchantRole; password: string }): Promise<AddUserResult> {
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) return { ok: false, code: 'invalid_email' };
  if (input.password.length < MIN_PASSWORD_LENGTH) return { ok: false, code: 'password_too_short' };
  if (!(await findShopById(db, input.shopId))) return { ok: false, code: 'shop_not_found' };
  const id = generateToken('mu_', 16);
  const inserted = await insertMerchantUser(db, { shop_id: input.shopId, id, email, role: input.role, password_hash: await hashPassword(input.password) });
  if (!inserted) return { ok: false, code: 'email_taken' };
  return { ok: true, user: { id, shopId: input.shopId, email, role: input.role } };
}

/** A shop's panel users (no password hashes). */
export async function listShopUsers(db: Db, shopId: string) {
  return (await listMerchantUsers(db, shopId)).map((u) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.created_at }));
}

export type RemoveUserResult = { ok: true } | { ok: false; code: 'user_not_found' | 'cannot_remove_self' | 'last_owner' };

/**
 * Removes a panel user, never the one asking nor the shop's last owner.
 * @example await removeMerchantUser(db, 'demo', 'mu_staff', { by: 'mu_owner' }) // => { ok: true }
 */
export async function removeMerchantUser(db: Db, shopId: string, id: string, opts: { by?: string | undefined }): Promise<RemoveUserResult> {
  if (id === opts.by) return { ok: false, code: 'cannot_remove_self' };
  const user = await findMerchantUserById(db, shopId, id);
  if (!user) return { ok: false, code: 'user_not_found' };
  if (user.role === 'owner' && (await countShopOwners(db, shopId)) <= 1) return { ok: false, code: 'last_owner' };
  await deleteMerchantUser(db, shopId, id);
  return { ok: true };
}
