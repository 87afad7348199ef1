import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';

/**
 * Helpers for the hottest public routes (ingest, recommendations), served by
 * plain middlewares mounted before express's router and `publicCors`: an
 * exact path lookup, and answers in one `writeHead`/`end`.
 */

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
export function passToErrorHandler(res: ServerResponse, next: NextFunction, err: unknown): void {
  if (!res.headersSent) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Vary', 'Origin');
  }
  next(err);
}
