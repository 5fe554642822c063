import type { DatabaseSync } from 'node:sqlite';

/** Schema version 1: the repositories and a row per inventoried file. */
export function migrateToVersion1(database: DatabaseSync): void {
  database.exec(`
    CREATE TABLE repositories (
      id INTEGER PRIMARY KEY,
      path TEXT NOT NULL UNIQUE,
      name TEXT,
      state TEXT NOT NULL,
      scan_generation INTEGER NOT NULL DEFAULT 0,
      file_count INTEGER NOT NULL DEFAULT 0,
      last_scan_finished_at TEXT
    ) STRICT;
    CREATE TABLE files (
      repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
      relative_path TEXT NOT NULL,
      size_bytes INTEGER NOT NULL,
      mtime_ms REAL NOT NULL,
      fingerprint TEXT NOT NULL,
      sha256 TEXT,
      scan_generation INTEGER NOT NULL,
      PRIMARY KEY (repository_id, relative_path)
    ) STRICT;
    CREATE INDEX files_by_fingerprint ON files (size_bytes, fingerprint);
  `);
}
