import { storableText, type Warranty } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { countShopOrdersByStatus, findAdminOrder, listAdminOrderLines, listShopOrders } from './admin-orders.repository.js';
import { listOrderStatusEntries } from './order-status.repository.js';
import { parseStatusCsv } from './order-status-csv.js';
import { changeOrderStatus, type OrderStatusListener } from './order-status.service.js';
import { orderStatuses, type OrderStatus } from './orders.table.js';

/** What a line's warranty is, by the shop's rule (the service center knows when warranties start). */
export type WarrantyReader = (db: Db, shopId: string) => Promise<(line: { months: number; status: OrderStatus; placedAt: Date; deliveredAt: Date | null }) => Warranty>;

export interface AdminOrderRoutesOptions {
  /** Told of every status change (the service center's shopper e-mail), as for a single change. */
  listeners?: readonly OrderStatusListener[];
  warranties?: WarrantyReader;
}

const listQuery = z.object({
  q: storableText.trim().max(320).optional(),
  status: z.enum(orderStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const importBody = z.object({ csv: storableText.min(1).max(500_000), notify: z.boolean().default(true) });
const MAX_IMPORT_ROWS = 2000;

/**
 * The panel's orders: `GET /v1/admin/orders` (search, status filter, pages, counts by status),
 * `GET /v1/admin/orders/:id` (lines with serial numbers and warranty, delivery, timeline) and
 * `POST /v1/admin/orders/status-import` (delivery statuses in bulk from CSV).
 */
export function adminOrderRoutes(db: Db, { listeners = [], warranties }: AdminOrderRoutesOptions = {}): Router {
  const router = Router();

  router.get('/v1/admin/orders', async function getOrders(req, res) {
    const query = parseOrThrow(listQuery, req.query, 'query');
    const shopId = adminShop(res).id;
    const [rows, counts] = await Promise.all([listShopOrders(db, shopId, query), countShopOrdersByStatus(db, shopId)]);
    res.json({ orders: rows.slice(0, query.limit), hasMore: rows.length > query.limit, counts });
  });

  router.post('/v1/admin/orders/status-import', async function importOrderStatuses(req, res) {
    const shop = adminShop(res);
    const body = parseOrThrow(importBody, req.body, 'import');
    const parsed = parseStatusCsv(body.csv);
    if ('error' in parsed) throw new HttpError(400, 'missing_columns', 'The first line must name the columns: order and status, and optionally carrier, tracking_number, expected and note.');
    if (parsed.length > MAX_IMPORT_ROWS) throw new HttpError(413, 'too_many_rows', `At most ${MAX_IMPORT_ROWS} orders per file.`);
    const rows: { line: number; orderId: string | null; result: string }[] = [];
    let applied = 0;
    let notified = 0;
    // One transaction per order, as for a single change: a missing order does not undo the others.
    for (const r of parsed) {
      if (!r.ok) {
        rows.push({ line: r.line, orderId: r.orderId, result: r.code });
        continue;
      }
      const { line, orderId, ok: _ok, ...change } = r;
      const result = await changeOrderStatus(db, shop, orderId, { ...change, notify: body.notify }, listeners);
      if (!result.ok) rows.push({ line, orderId, result: result.code });
      else {
        applied++;
        if (result.notified) notified++;
        rows.push({ line, orderId, result: 'applied' });
      }
    }
    res.json({ applied, notified, rows });
  });

  router.get('/v1/admin/orders/:id', async function getOrder(req, res) {
    const shopId = adminShop(res).id;
    const order = await findAdminOrder(db, shopId, idParam(req));
    if (!order) throw new HttpError(404, 'order_not_found', 'No order with that number in this shop.');
    const [lines, timeline, warrantyOf] = await Promise.all([listAdminOrderLines(db, shopId, order.id), listOrderStatusEntries(db, shopId, [order.id]), warranties?.(db, shopId)]);
    res.json({
      order,
      lines: lines.map((l) => ({ ...l, warranty: warrantyOf ? warrantyOf({ months: l.warrantyMonths, status: order.status, placedAt: order.placedAt, deliveredAt: order.deliveredAt }) : null })),
      timeline: timeline.map((t) => ({ status: t.status, at: t.at, note: t.note })),
    });
  });
  return router;
}
