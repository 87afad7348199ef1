import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const plugins = [esbuild({ target: 'es2019', tsconfig: 'tsconfig.json' })];
const minify = terser({ ecma: 2019, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } });

export default [
  // The script-tag file: defines <vitrina-service-center> when it loads.
  { input: 'src/index.ts', output: { file: 'dist/service-center.js', format: 'iife', name: 'VitrinaServiceCenter', plugins: [minify] }, plugins },
  // The ES module for bundlers: the same element, plus its class.
  { input: 'src/index.ts', output: { file: 'dist/service-center.mjs', format: 'es', plugins: [minify] }, plugins },
];
