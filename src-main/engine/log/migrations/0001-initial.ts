import type { DatabaseSync } from 'node:sqlite';

/** Schema version 1: one row per activity event. */
export function migrateToVersion1(database: DatabaseSync): void {
  database.exec(`
    CREATE TABLE events (
      sequence INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL UNIQUE,
      time TEXT NOT NULL,
      type TEXT NOT NULL,
      user TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      detection TEXT,
      risk TEXT NOT NULL,
      file_path TEXT,
      file_name TEXT,
      size_bytes INTEGER,
      format TEXT,
      category TEXT,
      encrypted INTEGER,
      sha256 TEXT,
      destination_kind TEXT,
      destination_id TEXT,
      destination_label TEXT,
      destination_provider TEXT,
      action TEXT,
      outcome TEXT NOT NULL,
      quarantine_id TEXT,
      message TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_time ON events (time);
  `);
}
