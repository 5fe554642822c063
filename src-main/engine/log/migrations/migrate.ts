import type { DatabaseSync } from 'node:sqlite';

import {
  migrateDatabase,
  readSchemaVersion,
  type Migration,
} from '../../base/sqlite-migrations.ts';
import { migrateToVersion1 } from './0001-initial.ts';
import { migrateToVersion2 } from './0002-chain.ts';
import { migrateToVersion3 } from './0003-user-group.ts';
import { migrateToVersion4 } from './0004-destination-device.ts';

/** One migration per schema version, in order: index 0 migrates to version 1. */
const migrations: readonly Migration[] = [
  migrateToVersion1,
  migrateToVersion2,
  migrateToVersion3,
  migrateToVersion4,
];

/** The schema version this build writes. */
export const currentSchemaVersion = migrations.length;

/** Brings the activity log to the current schema version; a newer log is refused. */
export function migrate(database: DatabaseSync): void {
  migrateDatabase(database, migrations, 'The activity log');
}

/** The schema version of an open log database (0 for a new, empty file). */
export const readUserVersion = readSchemaVersion;
