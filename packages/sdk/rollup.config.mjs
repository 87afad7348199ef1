import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const plugins = [esbuild({ target: 'es2019', tsconfig: 'tsconfig.json' })];
const minify = terser({ ecma: 2019, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } });

export default [
  // The script-tag file: sets window.Vitrina and replays the snippet's buffered calls.
  { input: 'src/global.ts', output: { file: 'dist/vitrina.js', format: 'iife', plugins: [minify] }, plugins },
  // The ES module for bundlers.
  { input: 'src/index.ts', output: { file: 'dist/vitrina.mjs', format: 'es', plugins: [minify] }, plugins },
];
