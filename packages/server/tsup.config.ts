import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // The protocol package ships as TypeScript source: bundle it in.
  noExternal: ['@vitrina/protocol'],
});
