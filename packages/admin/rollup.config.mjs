import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

// One ES module for the whole panel, Preact and uPlot bundled in: the server
// serves it from /admin, so the panel needs no CDN and works offline.
export default {
  input: 'src/index.tsx',
  output: { file: 'dist/admin.js', format: 'es', sourcemap: true, plugins: [terser({ ecma: 2020, format: { comments: false } })] },
  plugins: [
    nodeResolve({ browser: true }),
    esbuild({ target: 'es2020', tsconfig: 'tsconfig.json', jsx: 'automatic', jsxImportSource: 'preact', define: { 'process.env.NODE_ENV': '"production"' } }),
  ],
};
