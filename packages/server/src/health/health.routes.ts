import { Router } from 'express';
import type { DatabaseHandle } from '../db/database.js';
import { jobsHealthy } from '../jobs/jobs.service.js';

/**
 * `GET /healthz`: 200 while the database answers and no background job has
 * failed three times in a row, else 503. A public answer: healthy or not,
 * never which job failed or why (that is `GET /v1/admin/jobs`).
 */
export function healthRoutes(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/healthz', async function getHealth(_req, res) {
    const check = async () => (await database.ping()) && (await jobsHealthy(database.db).catch(() => false));
    const ok = await withTimeout(check(), 2000);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: database.kind });
  });
  return router;
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  return Promise.race([p, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
}
