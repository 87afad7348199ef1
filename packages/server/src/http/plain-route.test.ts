import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { errorHandler, HttpError } from './errors.js';
import { queryOf, rethrowPlainRouteErrors, sendJson, servePlainFirst, type PlainHandler } from './plain-route.js';

// Plain handlers in front of a small express app with the server's error handler.
let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use(rethrowPlainRouteErrors);
  app.get('/from-app', (req, res) => void res.json({ app: true, q: req.query }));
  app.use(errorHandler(createLogger('silent')));
  const answers: PlainHandler = (req, res, next) => (req.url?.startsWith('/plain') ? sendJson(res, 200, { plain: true, q: queryOf(req) }) : next());
  const refuses: PlainHandler = (req, _res, next) => (req.url === '/refused' ? next(new HttpError(401, 'missing_write_key', 'no key')) : next());
  const throws: PlainHandler = (req, _res, next) => {
    if (req.url === '/throws') throw new Error('a bug');
    next();
  };
  server = createServer(servePlainFirst([answers, refuses, throws], app, createLogger('silent')));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('servePlainFirst', () => {
  it('answers from a plain handler, with the query read as express reads it', async () => {
    const res = await fetch(`${base}/plain?a=1&a=2&b=x+y&c=%C3%A9`);
    expect(await res.json()).toEqual({ plain: true, q: { a: ['1', '2'], b: 'x y', c: 'é' } });
  });

  it('leaves other requests to the express app', async () => {
    const res = await fetch(`${base}/from-app?a=1&a=2`);
    expect(await res.json()).toEqual({ app: true, q: { a: ['1', '2'] } });
  });

  it("answers a plain handler's error through the app's error handler", async () => {
    const res = await fetch(`${base}/refused`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'missing_write_key' } });
  });

  it('answers a plain handler that throws with a 500, and keeps serving', async () => {
    const res = await fetch(`${base}/throws`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'internal' } });
    expect((await fetch(`${base}/plain`)).status).toBe(200);
  });

  it('answers what nobody serves with the app (here express’s own 404)', async () => {
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
