import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminMerchant, adminShop } from '../http/admin-auth.js';
import { parseOrThrow, sendError } from '../http/errors.js';
import { addMerchantUser, listShopUsers, MIN_PASSWORD_LENGTH, removeMerchantUser } from './merchant-users.service.js';
import { merchantRoles } from './merchant-users.table.js';

const newUser = z.strictObject({
  email: z.string().trim().min(3).max(254).refine((v) => !v.includes('\u0000'), 'must not contain NUL'),
  role: z.enum(merchantRoles),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});

/**
 * The shop's panel users, managed by an owner (owners only, as every route
 * role-access.ts does not open to staff): `GET /v1/admin/users`,
 * `POST /v1/admin/users {email, role, password}`, `DELETE /v1/admin/users/{id}`.
 */
export function adminUserRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/admin/users', async function getUsers(_req, res) {
    res.json({ users: await listShopUsers(db, adminShop(res).id) });
  });
  router.post('/v1/admin/users', async function postUser(req, res) {
    const body = parseOrThrow(newUser, req.body ?? {}, 'user');
    const result = await addMerchantUser(db, { shopId: adminShop(res).id, ...body });
    if (result.ok) return res.status(201).json({ user: { id: result.user.id, email: result.user.email, role: result.user.role } });
    if (result.code === 'email_taken') return sendError(res, 409, 'email_taken', `${body.email} is already a user of this shop.`);
    sendError(res, 400, result.code, result.code === 'invalid_email' ? 'That is not an e-mail address.' : 'The password is too short.');
  });
  router.delete('/v1/admin/users/:id', async function deleteUser(req, res) {
    const result = await removeMerchantUser(db, adminShop(res).id, String(req.params.id), { by: adminMerchant(res)?.userId });
    if (result.ok) return res.status(204).end();
    const answers = { user_not_found: [404, 'No such user in this shop.'], cannot_remove_self: [409, 'You cannot remove yourself.'], last_owner: [409, 'The shop needs at least one owner.'] } as const;
    sendError(res, answers[result.code][0], result.code, answers[result.code][1]);
  });
  return router;
}
