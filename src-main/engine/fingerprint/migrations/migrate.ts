import type { DatabaseSync } from 'node:sqlite';

import { migrateToVersion1 } from './0001-initial.ts';

/** One migration per schema version, in order: index 0 migrates to version 1. */
const migrations: readonly ((database: DatabaseSync) => void)[] = [migrateToVersion1];

/** The schema version this build writes. */
export const currentSchemaVersion = migrations.length;

/**
 * Brings the fingerprint database to the current schema version, each migration in its own
 * transaction. A database from a newer build is refused rather than damaged; since the inventory
 * can always be rebuilt, the caller may delete the file and start again.
 */
export function migrate(database: DatabaseSync): void {
  const version = readUserVersion(database);
  if (version > currentSchemaVersion) {
    throw new Error(
      `The fingerprint database has schema version ${version}, newer than this build's ${currentSchemaVersion}.`,
    );
  }

  for (let next = version; next < currentSchemaVersion; next++) {
    database.exec('BEGIN IMMEDIATE');
    try {
      migrations[next]?.(database);
      database.exec(`PRAGMA user_version = ${next + 1}`);
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  }
}

function readUserVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}
