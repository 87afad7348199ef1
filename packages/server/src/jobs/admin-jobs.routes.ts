import { Router } from 'express';
import type { Db } from '../db/database.js';
import { listJobStatuses } from './jobs.service.js';

/**
 * The background jobs' status (admin key as Bearer): `GET /v1/admin/jobs`
 * answers `{ jobs: [{ name, intervalMs, nextRunAt, running, lastStartedAt,
 * lastFinishedAt, lastDurationMs, lastError, attempts, runs, failing }] }`.
 * The jobs are global (over all shops), so every shop's admin sees the same list.
 * Authenticated by the one admin check mounted on /v1/admin (http/app.ts).
 */
export function adminJobRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/admin/jobs', async function getJobs(_req, res) {
    res.json({ jobs: await listJobStatuses(db) });
  });
  return router;
}
