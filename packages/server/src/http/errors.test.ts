import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, testLogger } from '../test-support/test-database.js';
import { errorHandler } from './errors.js';

// pg-pool's own error when no connection frees up (or can be made) in time.
const poolTimeout = () => new Error('timeout exceeded when trying to connect');
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

let saturated = false;
let url = '';
const server = express()
  .get('/pool-timeout', () => {
    throw poolTimeout();
  })
  .get('/refused', () => {
    throw refused();
  })
  .use(errorHandler(testLogger, { poolSaturated: () => saturated }))
  .listen(0, '127.0.0.1');
beforeAll(() => {
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => void server.close());

describe('errorHandler', () => {
  it('answers a wait for a connection while every one is in use as busy, not as the database being down', async () => {
    saturated = true;
    const res = await fetch(`${url}/pool-timeout`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await readJson(res)).error.code).toBe('busy');
  });

  it('answers the same timeout with connections to spare, and a refused connection, as unavailable', async () => {
    saturated = false;
    for (const path of ['/pool-timeout', '/refused']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect((await readJson(res)).error.code).toBe('unavailable');
    }
    saturated = true;
    expect((await readJson(await fetch(`${url}/refused`))).error.code).toBe('unavailable');
  });
});
