import type { Db } from '../db/database.js';
import type { NewServicePoint, ServicePoint } from './service-points.table.js';

export async function insertServicePoints(db: Db, points: NewServicePoint[]): Promise<void> {
  if (points.length) await db.insertInto('service_points').values(points).execute();
}

export async function listServicePoints(db: Db, shopId: string): Promise<ServicePoint[]> {
  return db.selectFrom('service_points').selectAll().where('shop_id', '=', shopId).orderBy('name').orderBy('id').execute();
}

export async function findServicePoint(db: Db, shopId: string, id: string): Promise<ServicePoint | undefined> {
  return db.selectFrom('service_points').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export async function insertServicePoint(db: Db, point: NewServicePoint): Promise<boolean> {
  const rows = await db.insertInto('service_points').values(point).onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing()).returning('id').execute();
  return rows.length > 0;
}

export async function updateServicePoint(db: Db, point: NewServicePoint): Promise<boolean> {
  const { shop_id, id, ...fields } = point;
  const res = await db.updateTable('service_points').set(fields).where('shop_id', '=', shop_id).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function deleteServicePoint(db: Db, shopId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('service_points').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
