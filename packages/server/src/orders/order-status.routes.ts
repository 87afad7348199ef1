import { updateOrderStatusSchema } from '@vitrina/protocol';
import { Router } from 'express';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { changeOrderStatus, type OrderStatusListener } from './order-status.service.js';

export interface OrderStatusRoutesOptions {
  /** Told of every status change inside its transaction (the service center's shopper e-mail). */
  listeners?: readonly OrderStatusListener[];
}

/** `POST /v1/admin/orders/:id/status`: staff move an order along its timeline. */
export function orderStatusRoutes(db: Db, { listeners = [] }: OrderStatusRoutesOptions = {}): Router {
  const router = Router();
  router.post('/v1/admin/orders/:id/status', async function postOrderStatus(req, res) {
    const orderId = idParam(req);
    const change = parseOrThrow(updateOrderStatusSchema, req.body, 'status update');
    const result = await changeOrderStatus(db, adminShop(res), orderId, change, listeners);
    if (!result.ok) throw new HttpError(404, 'order_not_found', 'No order with that number in this shop.');
    res.status(201).json({ orderId, seq: result.seq, status: change.status, notified: result.notified });
  });
  return router;
}
