import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema version 4: the identity of the device behind a removable volume, as JSON. Rows written
 * before it have none; their record MAC keeps its earlier layout (see `record-mac.ts`).
 */
export function migrateToVersion4(database: DatabaseSync): void {
  database.exec('ALTER TABLE events ADD COLUMN destination_device TEXT;');
}
