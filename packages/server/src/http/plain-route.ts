import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import type { Express, NextFunction, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * The hottest public routes (ingest, recommendations) are served ahead of
 * express: a request they take never enters express (whose per-request setup
 * measured a fifth of ingest's throughput), the rest go on to the express
 * app. Here: the plain handler type, the listener that runs them first, an
 * exact path lookup, the query, and answers in one `writeHead`/`end`.
 */

/** Answers a request, or calls `next()` to leave it to the express app, or `next(err)` for its error handler. */
export type PlainHandler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Errors of plain handlers, for the express app's first middleware to hand to its error handler. */
const plainErrors = new WeakMap<IncomingMessage, unknown>();

/**
 * The server's request listener: each plain handler in turn, then `app`.
 * An error a plain handler passes on is answered by the app's error handler
 * (mount `rethrowPlainRouteErrors` first in the app).
 * @example createServer(servePlainFirst([ingest, recommendations], app, logger))
 */
export function servePlainFirst(handlers: PlainHandler[], app: Express, logger: Logger): RequestListener {
  // Per-request logging costs a listener and a timer on every request: only when it is written.
  const debug = logger.enabled('debug');
  return (req, res) => {
    if (debug) logRequest(logger, req, res);
    let i = 0;
    const next = (err?: unknown) => {
      if (err !== undefined) plainErrors.set(req, err);
      else if (i < handlers.length) {
        try {
          return handlers[i++]!(req, res, next);
        } catch (thrown) {
          // As express would: a handler that throws is answered by the error handler.
          plainErrors.set(req, thrown);
        }
      }
      app(req, res);
    };
    next();
  };
}

function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  // The path without the query, which may hold a write key.
  const path = (req.url ?? '').split('?')[0];
  res.on('finish', () => logger.debug('request', { method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }));
}

/** The app's first middleware: hands an error a plain handler met to the app's error handler. */
export const rethrowPlainRouteErrors: RequestHandler = (req, _res, next) => {
  if (plainErrors.has(req)) next(plainErrors.get(req));
  else next();
};

/** The query of a request target, as express's default ("simple") query parser reads it. */
export function queryOf(req: IncomingMessage): ParsedUrlQuery {
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? {} : parseQuery(url.slice(q + 1));
}

/** A route table lookup as express's router matches: any case, an optional trailing slash. */
export function lookupPath<T>(routes: Map<string, T>, url: string): T | undefined {
  // A request target may be in absolute form (`GET http://host/v1/...`), as HTTP/1.1 allows.
  if (!url.startsWith('/')) url = URL.canParse(url) ? new URL(url).pathname : url;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return routes.get(path) ?? routes.get(path.toLowerCase().replace(/\/$/, ''));
}

/** A JSON answer with the headers `res.json` would send after `publicCors`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const json = JSON.stringify(body);
  res
    .writeHead(status, {
      'Access-Control-Allow-Origin': '*',
      Vary: 'Origin',
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
    })
    .end(json);
}

/** These routes run before `publicCors`, so they set the CORS headers the error handler's answer keeps. */
export function passToErrorHandler(res: ServerResponse, next: NextFunction | ((err: unknown) => void), err: unknown): void {
  if (!res.headersSent) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Vary', 'Origin');
  }
  next(err);
}
