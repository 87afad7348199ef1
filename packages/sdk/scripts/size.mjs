// Prints the gzip -9 size of the sdk bundles and fails when the script-tag file is over its budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgets = { 'dist/vitrina.js': 5120, 'dist/vitrina.mjs': undefined };
let over = false;
for (const [file, budget] of Object.entries(budgets)) {
  const raw = readFileSync(new URL(`../${file}`, import.meta.url));
  const gzip = gzipSync(raw, { level: 9 }).length;
  const verdict = budget === undefined ? '' : gzip <= budget ? `  (budget ${budget}: ok)` : `  (budget ${budget}: OVER by ${gzip - budget})`;
  console.log(`${file}: ${raw.length} bytes, ${gzip} bytes gzip -9${verdict}`);
  if (budget !== undefined && gzip > budget) over = true;
}
if (over) {
  console.error('The sdk script-tag bundle is over its size budget.');
  process.exit(1);
}
