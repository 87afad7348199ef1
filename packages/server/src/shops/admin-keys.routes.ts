import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminActor, adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { listShopKeyRotations, MAX_GRACE_HOURS, revokeOldKeys, rotateShopKey } from './key-rotation.service.js';
import { keyKinds } from './key-rotations.table.js';
import { findShopById } from './shops.service.js';

const rotateBody = z.object({ kind: z.enum(keyKinds), graceHours: z.number().int().min(0).max(MAX_GRACE_HOURS) });
const revokeBody = z.object({ kind: z.enum(keyKinds) });

/**
 * The shop's keys for owners: `GET /v1/admin/keys` (the write key, and the
 * rotations with who made them), `POST /v1/admin/keys/rotate` (a new key, shown
 * once; the old one valid for `graceHours`, 0 for none) and
 * `POST /v1/admin/keys/revoke-old` (replaced keys of a kind stop now).
 */
export function adminKeyRoutes(db: Db): Router {
  const router = Router();

  router.get('/v1/admin/keys', async function getKeys(_req, res) {
    const shop = adminShop(res);
    // The shop as stored now: the one authenticated may be from a cache that predates a rotation.
    const current = (await findShopById(db, shop.id)) ?? shop;
    res.json({ writeKey: current.write_key, rotations: await listShopKeyRotations(db, shop.id) });
  });

  router.post('/v1/admin/keys/rotate', async function postRotate(req, res) {
    const shop = adminShop(res);
    const body = parseOrThrow(rotateBody, req.body, 'rotation');
    const result = await rotateShopKey(db, shop.id, { ...body, actor: adminActor(res) });
    if (!result.ok) throw new HttpError(404, result.code, 'The shop is gone.');
    // The new key is in this answer only; nothing may keep it on the way.
    res.set('cache-control', 'no-store');
    res.status(201).json({ kind: result.kind, key: result.key, rotatedAt: result.rotatedAt, oldKeyValidUntil: result.oldKeyValidUntil });
  });

  router.post('/v1/admin/keys/revoke-old', async function postRevokeOld(req, res) {
    const { kind } = parseOrThrow(revokeBody, req.body, 'request');
    res.json({ kind, revoked: await revokeOldKeys(db, adminShop(res).id, kind) });
  });
  return router;
}
