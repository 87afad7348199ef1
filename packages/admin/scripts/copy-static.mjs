// Copies the page and the styles (ours and uPlot's) beside the bundle.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync('public/index.html', 'dist/index.html');
const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
writeFileSync('dist/admin.css', uplotCss + '\n' + readFileSync('public/admin.css', 'utf8'));
console.log('admin: dist/index.html, dist/admin.css, dist/admin.js');
