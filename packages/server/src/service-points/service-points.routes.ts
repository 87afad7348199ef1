import { servicePointSchema } from '@vitrina/protocol';
import { Router } from 'express';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { deleteServicePoint, findServicePoint, insertServicePoint, listServicePoints, updateServicePoint } from './service-points.repository.js';
import type { NewServicePoint, ServicePoint } from './service-points.table.js';

export function toServicePointJson(p: ServicePoint) {
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    city: p.city,
    postalCode: p.postal_code,
    lat: p.lat,
    lon: p.lon,
    hours: p.hours,
    email: p.email,
    categories: p.categories,
    brands: p.brands,
  };
}

function toRow(shopId: string, body: unknown): NewServicePoint {
  const p = parseOrThrow(servicePointSchema, body, 'service point');
  return { shop_id: shopId, id: p.id, name: p.name, address: p.address, city: p.city, postal_code: p.postalCode, lat: p.lat, lon: p.lon, hours: p.hours, email: p.email, categories: p.categories, brands: p.brands };
}

const notFound = () => new HttpError(404, 'service_point_not_found', 'No service point with that id in this shop.');

/**
 * Staff manage their warranty service points: `/v1/admin/service-points`
 * (list, create) and `/v1/admin/service-points/:id` (read, replace, delete).
 */
export function servicePointRoutes(db: Db): Router {
  const router = Router();

  router.get('/v1/admin/service-points', async function listPoints(_req, res) {
    const points = await listServicePoints(db, adminShop(res).id);
    res.json({ servicePoints: points.map(toServicePointJson) });
  });
  router.post('/v1/admin/service-points', async function createPoint(req, res) {
    const row = toRow(adminShop(res).id, req.body);
    if (!(await insertServicePoint(db, row))) throw new HttpError(409, 'service_point_exists', `A service point with id "${row.id}" already exists.`);
    res.status(201).json(toServicePointJson((await findServicePoint(db, row.shop_id, row.id))!));
  });
  router.get('/v1/admin/service-points/:id', async function getPoint(req, res) {
    const point = await findServicePoint(db, adminShop(res).id, idParam(req));
    if (!point) throw notFound();
    res.json(toServicePointJson(point));
  });
  router.put('/v1/admin/service-points/:id', async function replacePoint(req, res) {
    const row = toRow(adminShop(res).id, { ...(req.body as object), id: idParam(req) });
    if (!(await updateServicePoint(db, row))) throw notFound();
    res.json(toServicePointJson((await findServicePoint(db, row.shop_id, row.id))!));
  });
  router.delete('/v1/admin/service-points/:id', async function removePoint(req, res) {
    if (!(await deleteServicePoint(db, adminShop(res).id, idParam(req)))) throw notFound();
    res.status(204).end();
  });
  return router;
}
