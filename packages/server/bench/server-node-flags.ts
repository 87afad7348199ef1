import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The node flags the benches start the server with: those of the server's
 * `start` script (what `pnpm start` runs), then BENCH_NODE_ARGS.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: { start: string } };
  const fromStart = pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
  return [...fromStart, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}
