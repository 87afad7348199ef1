import { randomUUID } from 'node:crypto';
import { batchEnvelopeSchema, ingestLimits, type BatchEnvelope } from '@vitrina/protocol';
import { Router, type Response } from 'express';
import type { Db } from '../db/database.js';
import { HttpError, parseOrThrow, sendError } from '../http/errors.js';
import { readJsonBody } from '../http/json-body.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { createLogger, type Logger } from '../logger.js';
import type { Shop } from '../shops/shops.table.js';
import { requireAllowedOrigin } from './allowed-origins.js';
import { createGroupCommitter, type GroupCommitOptions, type GroupCommitter } from './group-commit.js';
import { prepareBatch } from './ingest.service.js';

// Segment's HTTP tracking API: full paths and the short ones analytics.js uses.
const singleEventPaths: Record<string, string> = {
  track: 'track', t: 'track',
  identify: 'identify', i: 'identify',
  page: 'page', p: 'page',
  screen: 'screen', s: 'screen',
  group: 'group', g: 'group',
  alias: 'alias', a: 'alias',
};

export interface IngestRoutesOptions {
  logger?: Logger;
  kind?: 'postgres' | 'embedded';
  /** Ingest transactions in flight at once on Postgres (config `ingestInFlight`). */
  inFlight?: number;
  groupCommit?: Partial<GroupCommitOptions>;
}

/**
 * `POST /v1/batch` (the sdk's and Segment's batch) and Segment's single-event
 * calls (`/v1/track`, `/v1/identify`, `/v1/page`, `/v1/screen`, `/v1/group`,
 * `/v1/alias`, and `/v1/b`, `/v1/t`, ...). The write key comes in the body or as
 * the Basic-auth username; bodies may be `text/plain` JSON.
 * Answers 200 with counts once committed, 429/503 with Retry-After when the
 * server is saturated or the database is down, and 400 `unstorable_batch`
 * when the database refuses the batch's data (not to be retried).
 */
export function ingestRoutes(db: Db, opts: IngestRoutesOptions = {}): Router {
  const committer = createGroupCommitter(db, opts.logger ?? createLogger('silent'), opts.kind ?? 'postgres', opts.inFlight ?? 2, opts.groupCommit);
  const router = Router();

  router.post(['/v1/batch', '/v1/b'], async function postBatch(req, res) {
    const body = await readJsonBody(req, ingestLimits.maxRequestBytes);
    const shop = await requireShopByWriteKey(db, req, body);
    requireAllowedOrigin(req, shop);
    const envelope = parseOrThrow(batchEnvelopeSchema, body, 'batch');
    envelope.batch = envelope.batch.map(withMessageId);
    await store(committer, shop, envelope, res);
  });

  router.post('/v1/:call', async function postSingleEvent(req, res, next) {
    const type = singleEventPaths[String(req.params.call)];
    if (!type) return next();
    const body = await readJsonBody(req, ingestLimits.maxEventBytes);
    const shop = await requireShopByWriteKey(db, req, body);
    requireAllowedOrigin(req, shop);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be one event as a JSON object.');
    const { writeKey: _w, sentAt, context: _c, ...event } = body as Record<string, unknown>;
    const envelope: BatchEnvelope = parseOrThrow(
      batchEnvelopeSchema,
      { sentAt, batch: [withMessageId({ ...event, type, ...(_c !== undefined ? { context: _c } : {}) })] },
      'event',
    );
    await store(committer, shop, envelope, res);
  });

  return router;
}

async function store(committer: GroupCommitter, shop: Shop, envelope: BatchEnvelope, res: Response) {
  const prepared = prepareBatch(shop.id, envelope, new Date());
  const outcome = await committer.submit(prepared);
  if (outcome.status === 'stored') return void res.status(200).json({ success: true, ...outcome.response });
  if (outcome.status === 'unstorable') return sendError(res, 400, 'unstorable_batch', outcome.message);
  res.set('Retry-After', String(outcome.retryAfterSeconds));
  if (outcome.status === 'overloaded') return sendError(res, 429, 'overloaded', 'Too many events are waiting to be stored; retry shortly.');
  sendError(res, 503, 'unavailable', 'The database is unavailable; retry shortly.');
}

/** Segment makes messageId optional and generates one; so do we (such events cannot be de-duplicated). */
function withMessageId(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && (raw as { messageId?: unknown }).messageId === undefined) {
    return { ...raw, messageId: `srv-${randomUUID()}` };
  }
  return raw;
}
