import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

export interface StaticShop {
  url: string;
  close(): Promise<void>;
}

/**
 * The demo storefront served by a shop of its own, on another origin than
 * Vitrina, as a real shop embeds the sdk: its pages and the built sdk come
 * from here, its events and recommendations go to `vitrinaUrl`. So the shop
 * keeps working while the Vitrina server is down.
 * @example const shop = await startStaticShop('http://127.0.0.1:8787'); await page.goto(shop.url);
 */
export async function startStaticShop(vitrinaUrl: string, writeKey = 'wk_demo'): Promise<StaticShop> {
  const server: Server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://shop');
    if (pathname === '/demo/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ writeKey, endpoint: vitrinaUrl }));
      return;
    }
    if (pathname.startsWith('/demo/img/')) {
      res.writeHead(302, { location: vitrinaUrl + pathname }).end();
      return;
    }
    const file = pathname.startsWith('/sdk/')
      ? join(repoRoot, 'packages/sdk/dist', pathname.slice(5))
      : join(repoRoot, 'examples/storefront', pathname === '/' ? 'index.html' : extname(pathname) ? pathname : `${pathname}.html`);
    if (!normalize(file).startsWith(repoRoot)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    // "localhost" rather than 127.0.0.1: another origin than the Vitrina server's.
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
