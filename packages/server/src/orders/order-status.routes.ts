import { updateOrderStatusSchema } from '@vitrina/protocol';
import { Router } from 'express';
import type { Db } from '../db/database.js';
import { adminShop, requireAdmin } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { PublicOrigin } from '../service-center/public-origin.js';
import { changeOrderStatus } from './order-status.service.js';

/** `POST /v1/admin/orders/:id/status`: staff move an order along its timeline. */
export function orderStatusRoutes(db: Db, publicOrigin: PublicOrigin): Router {
  const router = Router();
  router.post('/v1/admin/orders/:id/status', requireAdmin(db), async function postOrderStatus(req, res) {
    const change = parseOrThrow(updateOrderStatusSchema, req.body, 'status update');
    const result = await changeOrderStatus(db, adminShop(res), req.params.id as string, change, publicOrigin());
    if (!result.ok) throw new HttpError(404, 'order_not_found', 'No order with that number in this shop.');
    res.status(201).json({ orderId: req.params.id, seq: result.seq, status: change.status, notified: result.notified });
  });
  return router;
}
