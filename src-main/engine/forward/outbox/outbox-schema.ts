import type { DatabaseSync } from 'node:sqlite';

import {
  migrateDatabase,
  readSchemaVersion,
  type Migration,
} from '../../base/sqlite-migrations.ts';

/** Schema version 1: events, one delivery row per (event, target), and per-target state. */
function migrateToVersion1(database: DatabaseSync): void {
  database.exec(`
    CREATE TABLE events (
      event_key INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL
    ) STRICT;
    -- AUTOINCREMENT: sequences must never be reused, since workers resume after the last one sent
    CREATE TABLE deliveries (
      sequence INTEGER PRIMARY KEY AUTOINCREMENT,
      target TEXT NOT NULL,
      event_key INTEGER NOT NULL REFERENCES events (event_key),
      queued_at TEXT NOT NULL,
      UNIQUE (target, event_key)
    ) STRICT;
    CREATE INDEX deliveries_by_target ON deliveries (target, sequence);
    CREATE INDEX deliveries_by_event ON deliveries (event_key);
    CREATE TABLE targets (
      name TEXT PRIMARY KEY,
      description TEXT NOT NULL,
      configured INTEGER NOT NULL,
      delivered_total INTEGER NOT NULL DEFAULT 0,
      dropped_total INTEGER NOT NULL DEFAULT 0,
      consecutive_failures INTEGER NOT NULL DEFAULT 0,
      last_success_at TEXT,
      last_error TEXT,
      last_error_at TEXT,
      next_attempt_at TEXT,
      last_heartbeat_at TEXT,
      overflow_since TEXT,
      overflow_dropped INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE agent (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}

/** One migration per schema version, in order: index 0 migrates to version 1. */
const migrations: readonly Migration[] = [migrateToVersion1];

/** The outbox schema version this build writes. */
export const outboxSchemaVersion = migrations.length;

/** Reads the schema version of an open outbox. */
export const readOutboxVersion = readSchemaVersion;

/** Brings the outbox to the current schema; an outbox from a newer build is refused. */
export function migrateOutbox(database: DatabaseSync): void {
  migrateDatabase(database, migrations, 'The outbox');
}
