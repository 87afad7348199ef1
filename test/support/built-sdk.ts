import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The e2e tests load the built, minified sdk; fail clearly when it is not built. */
export function requireBuiltSdk(): void {
  const file = fileURLToPath(new URL('../../packages/sdk/dist/vitrina.js', import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx pnpm@12.4.2 --filter @vitrina/sdk build).`);
}
