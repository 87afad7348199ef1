import { defineConfig } from 'vitest/config';

// One run covers every package. The server suite runs twice: against a real
// Postgres server and against the embedded one, as two named projects.
const serverTests = ['packages/server/src/**/*.test.ts'];
const testSecretKey = 'dml0cmluYS10ZXN0LWtleS0wMDAwMDAwMDAwMDAwMDA=';
const serverProject = (name: string, db: 'postgres' | 'embedded') => ({
  test: {
    name,
    include: serverTests,
    environment: 'node',
    // A fixed key for sealing secrets in tests ('vitrina-test-key-000000000000000'); never a real one.
    env: { VITRINA_TEST_DB: db, VITRINA_SECRET_KEY: testSecretKey },
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
      // The widget's tests talk to a real server, which seals secrets with the test key.
      {
        test: {
          name: 'widget',
          include: ['packages/widget/src/**/*.test.ts', 'packages/widget/test/**/*.test.ts'],
          env: { VITRINA_SECRET_KEY: testSecretKey },
          environment: 'happy-dom',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          env: { VITRINA_SECRET_KEY: testSecretKey },
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
