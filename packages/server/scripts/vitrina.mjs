// `pnpm vitrina ...`: the built command line when it is up to date with the
// sources, else the sources themselves through tsx, so that the command line
// works right after `pnpm install`, before any build, and never runs stale code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'src'));
const args = process.argv.slice(2);
const run = fresh
  ? spawnSync(process.execPath, [built, ...args], { stdio: 'inherit' })
  : spawnSync(process.execPath, ['--import', createRequire(import.meta.url).resolve('tsx'), join(root, 'src/cli.ts'), ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
