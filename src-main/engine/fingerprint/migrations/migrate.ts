import type { DatabaseSync } from 'node:sqlite';

import { migrateDatabase, type Migration } from '../../base/sqlite-migrations.ts';
import { migrateToVersion1 } from './0001-initial.ts';

/** One migration per schema version, in order: index 0 migrates to version 1. */
const migrations: readonly Migration[] = [migrateToVersion1];

/** The schema version this build writes. */
export const currentSchemaVersion = migrations.length;

/**
 * Brings the fingerprint database to the current schema version. A newer one is refused; since
 * the inventory can always be rebuilt, the caller may delete the file and start again.
 */
export function migrate(database: DatabaseSync): void {
  migrateDatabase(database, migrations, 'The fingerprint database');
}
