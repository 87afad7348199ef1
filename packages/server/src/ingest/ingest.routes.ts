import { batchEnvelopeSchema, ingestLimits } from '@vitrina/protocol';
import { Router } from 'express';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { readJsonBody } from '../http/json-body.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { ingestBatch } from './ingest.service.js';

/** `POST /v1/batch`: the sdk's and Segment's batch format. */
export function ingestRoutes(db: Db): Router {
  const router = Router();
  router.post('/v1/batch', async function postBatch(req, res) {
    const body = await readJsonBody(req, ingestLimits.maxRequestBytes);
    const shop = await requireShopByWriteKey(db, req, body);
    const envelope = parseOrThrow(batchEnvelopeSchema, body, 'batch');
    const result = await ingestBatch(db, shop.id, envelope);
    res.status(200).json(result);
  });
  return router;
}
