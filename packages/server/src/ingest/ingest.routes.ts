import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { batchEnvelopeSchema, ingestLimits, type BatchEnvelope } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { transactionsOf, type Transact } from '../db/pipelined-transaction.js';
import { errorBody, HttpError, parseOrThrow } from '../http/errors.js';
import { readJsonBody } from '../http/json-body.js';
import { lookupPath, passToErrorHandler, sendJson, type PlainHandler } from '../http/plain-route.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { createLogger, type Logger } from '../logger.js';
import type { Shop } from '../shops/index.js';
import { requireAllowedOrigin } from './allowed-origins.js';
import { createGroupCommitter, type GroupCommitOptions, type GroupCommitter } from './group-commit.js';
import { prepareBatch } from './ingest.service.js';
import { jsonMayHoldHugeNumbers } from './out-of-range-numbers.js';
import { jsonMayHoldUnstorableChars } from './storable-text.js';

// Segment's HTTP tracking API: full paths and the short ones analytics.js uses.
const singleEventPaths: Record<string, string> = {
  '/v1/track': 'track', '/v1/t': 'track',
  '/v1/identify': 'identify', '/v1/i': 'identify',
  '/v1/page': 'page', '/v1/p': 'page',
  '/v1/screen': 'screen', '/v1/s': 'screen',
  '/v1/group': 'group', '/v1/g': 'group',
  '/v1/alias': 'alias', '/v1/a': 'alias',
};
const batchPaths = ['/v1/batch', '/v1/b'];

export interface IngestRoutesOptions {
  logger?: Logger;
  kind?: 'postgres' | 'embedded';
  /** Ingest transactions in flight at once on Postgres (config `ingestInFlight`). */
  inFlight?: number;
  groupCommit?: Partial<GroupCommitOptions>;
  /** How ingest transactions run (the database handle's `ingestTransaction`); kysely's own by default. */
  transact?: Transact;
}

/** Answers one ingest POST; rejects with what the error handler should answer. */
type PostIngest = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * `POST /v1/batch` (the sdk's and Segment's batch) and Segment's single-event
 * calls (`/v1/track`, `/v1/identify`, `/v1/page`, `/v1/screen`, `/v1/group`,
 * `/v1/alias`, and `/v1/b`, `/v1/t`, ...). The write key comes in the body or as
 * the Basic-auth username; bodies may be `text/plain` JSON.
 * Answers 200 with counts once committed, 429/503 with Retry-After when the
 * server is saturated or the database is down, and 400 `unstorable_batch`
 * when the database refuses the batch's data (not to be retried).
 *
 * These are the server's hottest paths, so this is a plain handler served
 * ahead of express (see http/plain-route.ts): an exact match on method and
 * path, answers through node's `writeHead`/`end`. Anything else goes on to
 * `next()` (CORS preflights to the app's `publicCors`); refused requests go
 * to `next(err)`, whose error handler answers as for every other route.
 * @example servePlainFirst([ingestRoutes(db, { logger })], app, logger) // POST /v1/t {"event":"Order Completed",...} => 200 {"success":true,"accepted":1,...}
 */
export function ingestRoutes(db: Db, opts: IngestRoutesOptions = {}): PlainHandler {
  const committer = createGroupCommitter(opts.transact ?? transactionsOf(db), opts.logger ?? createLogger('silent'), opts.kind ?? 'postgres', opts.inFlight ?? 2, opts.groupCommit);
  const posts = ingestPosts(db, committer);
  return function serveIngest(req, res, next) {
    if (req.method !== 'POST') return next();
    const post = lookupPath(posts, req.url ?? '');
    if (!post) return next();
    post(req, res).catch((err: unknown) => passToErrorHandler(res, next, err));
  };
}

/** The ingest paths, each with what answers its POST. */
function ingestPosts(db: Db, committer: GroupCommitter): Map<string, PostIngest> {
  const posts = new Map<string, PostIngest>();
  const batch: PostIngest = (req, res) => postBatch(db, committer, req, res);
  for (const path of batchPaths) posts.set(path, batch);
  for (const [path, type] of Object.entries(singleEventPaths)) {
    posts.set(path, (req, res) => postSingleEvent(db, committer, type, req, res));
  }
  return posts;
}

async function postBatch(db: Db, committer: GroupCommitter, req: IncomingMessage, res: ServerResponse) {
  const { body, text } = await readJsonBody(req, ingestLimits.maxRequestBytes);
  const shop = await requireShopByWriteKey(db, req, body);
  requireAllowedOrigin(req, shop);
  const envelope = parseOrThrow(batchEnvelopeSchema, body, 'batch');
  envelope.batch = envelope.batch.map(withMessageId);
  await store(committer, shop, envelope, { storableText: !jsonMayHoldUnstorableChars(text), finiteNumbers: !jsonMayHoldHugeNumbers(text) }, res);
}

async function postSingleEvent(db: Db, committer: GroupCommitter, type: string, req: IncomingMessage, res: ServerResponse) {
  const { body, text } = await readJsonBody(req, ingestLimits.maxEventBytes);
  const shop = await requireShopByWriteKey(db, req, body);
  requireAllowedOrigin(req, shop);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'The body must be one event as a JSON object.');
  const { writeKey: _w, sentAt, context: _c, ...event } = body as Record<string, unknown>;
  const envelope: BatchEnvelope = parseOrThrow(
    batchEnvelopeSchema,
    { sentAt, batch: [withMessageId({ ...event, type, ...(_c !== undefined ? { context: _c } : {}) })] },
    'event',
  );
  await store(committer, shop, envelope, { storableText: !jsonMayHoldUnstorableChars(text), finiteNumbers: !jsonMayHoldHugeNumbers(text) }, res);
}

/** What the body's text rules out: an escape of a character Postgres refuses, a number beyond a double (see `prepareBatch`). */
async function store(committer: GroupCommitter, shop: Shop, envelope: BatchEnvelope, known: { storableText: boolean; finiteNumbers: boolean }, res: ServerResponse) {
  const prepared = prepareBatch(shop.id, envelope, new Date(), known);
  const outcome = await committer.submit(prepared);
  if (outcome.status === 'stored') return sendJson(res, 200, { success: true, ...outcome.response });
  if (outcome.status === 'unstorable') return sendJson(res, 400, errorBody('unstorable_batch', outcome.message));
  const retryAfter = { 'Retry-After': String(outcome.retryAfterSeconds) };
  if (outcome.status === 'overloaded') {
    return sendJson(res, 429, errorBody('overloaded', 'Too many events are waiting to be stored; retry shortly.'), retryAfter);
  }
  sendJson(res, 503, errorBody('unavailable', 'The database is unavailable; retry shortly.'), retryAfter);
}

/** Segment makes messageId optional and generates one; so do we (such events cannot be de-duplicated). */
function withMessageId(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && (raw as { messageId?: unknown }).messageId === undefined) {
    return { ...raw, messageId: `srv-${randomUUID()}` };
  }
  return raw;
}
