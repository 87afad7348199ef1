import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabaseTarget, testDatabaseKind, testDatabaseUrl, testLogger } from '../test-support/test-database.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

describe.skipIf(testDatabaseKind() !== 'postgres')('migrations beside schemas that come and go', () => {
  it('migrate a fresh schema while other schemas are created and dropped all the time', async () => {
    const churn = new pg.Client({ connectionString: testDatabaseUrl() });
    await churn.connect();
    let stop = false;
    // Another tenant's (or test file's) schema with tables, made and dropped in a loop.
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        await churn.query(`create schema churn_${process.pid}_${i}; create table churn_${process.pid}_${i}.t (id serial primary key, v text)`);
        await churn.query(`drop schema churn_${process.pid}_${i} cascade`);
      }
    })();
    try {
      for (let round = 0; round < 5; round++) {
        const target = await createTestDatabaseTarget();
        const handle = await openDatabase({ ...target, logger: testLogger });
        try {
          expect((await migrateToLatest(handle.db)).length).toBeGreaterThan(10);
          const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
          expect(tables.map((t) => t.name)).toContain('kysely_migration');
          expect(tables.every((t) => !t.name.startsWith('churn_') && !(t.schema ?? '').startsWith('churn_'))).toBe(true);
        } finally {
          await handle.close();
          await target.drop();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  }, 120_000);
});
