import type { DatabaseSync } from 'node:sqlite';

import { migrateToVersion1 } from './0001-initial.ts';
import { migrateToVersion2 } from './0002-chain.ts';
import { migrateToVersion3 } from './0003-user-group.ts';

/** One migration per schema version, in order: index 0 migrates to version 1. */
const migrations: readonly ((database: DatabaseSync) => void)[] = [
  migrateToVersion1,
  migrateToVersion2,
  migrateToVersion3,
];

/** The schema version this build writes. */
export const currentSchemaVersion = migrations.length;

/**
 * Brings the database to the current schema version, one migration per version, each in its own
 * transaction. A database from a newer build is refused rather than damaged.
 */
export function migrate(database: DatabaseSync): void {
  const version = readUserVersion(database);
  if (version > currentSchemaVersion) {
    throw new Error(
      `The activity log has schema version ${version}, newer than this build's ${currentSchemaVersion}.`,
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

/** The schema version of an open log database (0 for a new, empty file). */
export function readUserVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}
