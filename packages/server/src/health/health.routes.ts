import { Router } from 'express';
import type { DatabaseHandle } from '../db/database.js';
import { jobsHealthy } from '../jobs/index.js';

/**
 * `GET /healthz`: whether this process can serve, for load balancers and
 * process managers: 200 while the database answers, else 503. Background
 * jobs are shared by every process, so a failing job must not take them all
 * out of a balancer: `GET /healthz/jobs` says whether any job has failed
 * three times in a row (503), for monitoring. Public answers: healthy or
 * not, never which job failed or why (that is `GET /v1/admin/jobs`).
 */
export function healthRoutes(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/healthz', async function getHealth(_req, res) {
    const ok = await withTimeout(database.ping(), 2000);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: database.kind });
  });
  router.get('/healthz/jobs', async function getJobsHealth(_req, res) {
    const ok = await withTimeout(jobsHealthy(database.db).catch(() => false), 2000);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'failing' });
  });
  return router;
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  return Promise.race([p, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
}
