import type { ErrorBody } from '@vitrina/protocol';
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

/**
 * A request the server refuses, with the HTTP status and a code a client can
 * branch on. Thrown at the edge (parsing, auth) and mapped by `errorHandler`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ErrorBody['error']['issues'],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The JSON body of every refused request. */
export function errorBody(code: string, message: string, issues?: ErrorBody['error']['issues']): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

export function sendError(res: Response, status: number, code: string, message: string, issues?: ErrorBody['error']['issues']) {
  res.status(status).json(errorBody(code, message, issues));
}

/** zod issues as `{ path: 'batch.0.type', message }`, the shape of ErrorBody's issues. */
export function toIssues(error: z.ZodError): NonNullable<ErrorBody['error']['issues']> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parses with a zod schema at the edge, or answers 400 with what is wrong. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `The ${what} is not valid.`, toIssues(parsed.error));
  return parsed.data;
}

/** Maps HttpError to its answer; anything else is a bug or an outage: logged, answered 500 or 503. */
export function errorHandler(logger: Logger, opts: { poolSaturated?: () => boolean } = {}): ErrorRequestHandler {
  return function handleError(err, req, res, _next) {
    if (res.headersSent) return void res.end();
    if (err instanceof HttpError) {
      if (err.headers) res.set(err.headers);
      return sendError(res, err.status, err.code, err.message, err.issues);
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    if (status === 413) return sendError(res, 413, 'payload_too_large', 'The request body is too large.');
    if (status === 400 && err?.type === 'entity.parse.failed') return sendError(res, 400, 'malformed_json', 'The request body is not valid JSON.');
    if (status) return sendError(res, status, 'bad_request', String(err.message ?? 'Bad request'));
    if (isDatabaseUnavailable(err) && isPoolTimeout(err) && opts.poolSaturated?.()) {
      // Every connection was busy for the pool's wait: the database is fine, this server is loaded.
      logger.warn('database connections all busy', { path: req.path });
      res.set('Retry-After', '1');
      return sendError(res, 503, 'busy', 'The server is busy; retry shortly.');
    }
    if (isDatabaseUnavailable(err)) {
      logger.warn('database unavailable', { path: req.path, err });
      res.set('Retry-After', '2');
      return sendError(res, 503, 'unavailable', 'The database is unavailable; retry shortly.');
    }
    logger.error('unhandled error', { path: req.path, method: req.method, err });
    sendError(res, 500, 'internal', 'Something went wrong on our side.');
  };
}

/** pg-pool's error when no connection became free (or could be made) within connectionTimeoutMillis. */
function isPoolTimeout(err: unknown): boolean {
  return /timeout exceeded when trying to connect/i.test((err as { message?: string } | undefined)?.message ?? '');
}

const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003']);
/** True for errors that mean the database cannot be reached now (down, restarting, refusing). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && unavailableCodes.has(e.code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(e.message ?? '');
}
