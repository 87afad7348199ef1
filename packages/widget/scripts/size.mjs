// Prints the gzip -9 size of the widget bundles and fails when either is over 15,360 bytes.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 15360;
let over = false;
for (const file of ['dist/service-center.js', 'dist/service-center.mjs']) {
  const raw = readFileSync(new URL(`../${file}`, import.meta.url));
  const gzip = gzipSync(raw, { level: 9 }).length;
  const verdict = gzip <= BUDGET ? `budget ${BUDGET}: ok, ${BUDGET - gzip} to spare` : `budget ${BUDGET}: OVER by ${gzip - BUDGET}`;
  console.log(`${file}: ${raw.length} bytes, ${gzip} bytes gzip -9  (${verdict})`);
  if (gzip > BUDGET) over = true;
}
if (over) {
  console.error('The service-center widget is over its size budget.');
  process.exit(1);
}
