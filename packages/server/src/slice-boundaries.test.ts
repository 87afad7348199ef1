import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The infrastructure every slice may use directly (docs/architecture.md).
const infrastructure = new Set(['db', 'http', 'migrations', 'test-support']);
const src = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** `slice/file.ts` imports `other/module` (not its index) — tests and test fixtures excepted. */
function reachesIn(): string[] {
  const found: string[] = [];
  for (const path of sourceFiles(src)) {
    const rel = relative(src, path).split('\\').join('/');
    const [slice, ...rest] = rel.split('/');
    if (rest.length === 0 || infrastructure.has(slice!) || /\.test\.ts$|fixture/.test(rel)) continue;
    for (const m of readFileSync(path, 'utf8').matchAll(/from '\.\.\/([a-z-]+)\/([A-Za-z0-9.-]+)\.js'/g)) {
      const [, other, module] = m;
      if (other !== slice && !infrastructure.has(other!) && module !== 'index' && !/fixture/.test(module!)) found.push(`${rel} imports ${other}/${module}`);
    }
  }
  return found;
}

describe('slice boundaries', () => {
  it('no slice imports another slice\'s files, only its index.ts', () => {
    expect(reachesIn()).toEqual([]);
  });
});
