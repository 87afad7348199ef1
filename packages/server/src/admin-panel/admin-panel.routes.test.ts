import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPanelRoutes } from './admin-panel.routes.js';

let dist: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'vitrina-admin-dist-'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>panel</title>');
  await writeFile(join(dist, 'admin.js'), 'console.log(1)');
  const app = express();
  app.use(adminPanelRoutes(dist));
  app.use(adminPanelRoutes(join(dist, 'missing')));
  app.use((_req, res) => res.status(404).send('fell through'));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await rm(dist, { recursive: true, force: true });
});

describe('the panel at /admin', () => {
  it('serves its files and its page for every client route, with the CSP', async () => {
    expect(await (await fetch(`${url}/admin/admin.js`)).text()).toBe('console.log(1)');
    for (const path of ['/admin', '/admin/', '/admin/customers/c-00042', '/admin/site?from=2026-11-01&to=2026-11-30']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>panel</title>');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('leaves /admin/api/* and other paths to the routes after it', async () => {
    expect(await (await fetch(`${url}/admin/api/session`)).text()).toBe('fell through');
    expect(await (await fetch(`${url}/administrator`)).text()).toBe('fell through');
  });
});
