import { readFileSync } from 'node:fs';

/**
 * The node flags `pnpm start` runs the server with (the `start` script of
 * packages/server/package.json), so that the benchmarks measure the server as
 * it is deployed. `--max-semi-space-size=64` is one of them: ingestion
 * allocates fast and short-lived, and a larger young generation made its
 * garbage collection about a sixth cheaper per event.
 * @example serverNodeFlags() // => ['--max-semi-space-size=64']
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/main.js')).filter((w) => w.startsWith('--'));
}
