import { defineConfig } from 'vitest/config';

// One run covers every package. The server suite runs twice: against a real
// Postgres server and against the embedded one, as two named projects.
const serverTests = ['packages/server/src/**/*.test.ts'];
const serverProject = (name: string, db: 'postgres' | 'embedded') => ({
  test: {
    name,
    include: serverTests,
    environment: 'node',
    env: { VITRINA_TEST_DB: db },
    globalSetup: db === 'postgres' ? ['packages/server/src/test-support/require-postgres.ts'] : [],
    // A test that starts servers on the embedded database compiles PGlite's WASM and migrates each time:
    // tens of seconds on a loaded two-core machine.
    testTimeout: db === 'embedded' ? 120_000 : 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      serverProject('server-postgres', 'postgres'),
      serverProject('server-embedded', 'embedded'),
      { test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'sdk', include: ['packages/sdk/src/**/*.test.ts', 'packages/sdk/test/**/*.test.ts'], environment: 'happy-dom' } },
      { test: { name: 'admin', include: ['packages/admin/src/**/*.test.ts'], environment: 'happy-dom' } },
      { test: { name: 'widget', include: ['packages/widget/src/**/*.test.ts', 'packages/widget/test/**/*.test.ts'], environment: 'happy-dom' } },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
