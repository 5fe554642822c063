import type { DatabaseSync } from 'node:sqlite';

/** One schema migration: from the version before it to its own. */
export type Migration = (database: DatabaseSync) => void;

/** The schema version of an open database (SQLite's `user_version`; 0 for a new file). */
export function readSchemaVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/**
 * Brings a database to the version of its last migration, one migration per version, each in its
 * own transaction: index 0 migrates to version 1. A database from a newer build is refused
 * rather than damaged; `what` names it in that error (`the activity log`).
 */
export function migrateDatabase(
  database: DatabaseSync,
  migrations: readonly Migration[],
  what: string,
): void {
  const version = readSchemaVersion(database);
  if (version > migrations.length) {
    throw new Error(
      `${what} has schema version ${version}, newer than this build's ${migrations.length}.`,
    );
  }

  for (let next = version; next < migrations.length; next++) {
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
