import { Migrator, sql } from 'kysely';
import { migrations } from '../migrations/index.js';
import type { Db } from './database.js';

/**
 * Brings the schema to the latest migration. Safe to call from several
 * processes at once: kysely takes an advisory lock.
 * @example await migrateToLatest(db) // => ['20261127T0700-foundation']
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Domains add migrations independently; one named earlier than an applied one still runs.
  // kysely looks for its own tables in every schema unless told which one: name
  // the current schema, or a fresh schema next to a migrated one (tests, several
  // tenants' databases on one server) is taken for migrated and fails.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
    migrationTableSchema: rows[0]!.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
