import type { Db } from '../db/database.js';
import type { NewServicePoint } from './service-points.table.js';

export async function insertServicePoints(db: Db, points: NewServicePoint[]): Promise<void> {
  if (points.length) await db.insertInto('service_points').values(points).execute();
}
