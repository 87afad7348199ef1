import { Router } from 'express';
import type { DatabaseHandle } from '../db/database.js';

/** `GET /healthz`: 200 while the database answers, 503 when it does not. */
export function healthRoutes(database: DatabaseHandle): Router {
  const router = Router();
  router.get('/healthz', async function getHealth(_req, res) {
    const ok = await withTimeout(database.ping(), 2000);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: database.kind });
  });
  return router;
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  return Promise.race([p, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
}
