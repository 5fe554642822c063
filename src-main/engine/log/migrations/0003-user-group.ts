import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema version 3: the policy group of the user an event is about. Rows written before it have
 * no group; their record MAC keeps its version-2 layout (see `record-mac.ts`).
 */
export function migrateToVersion3(database: DatabaseSync): void {
  database.exec('ALTER TABLE events ADD COLUMN user_group TEXT;');
}
