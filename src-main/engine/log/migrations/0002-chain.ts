import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema version 2: the MAC chain that makes the log tamper-evident.
 *
 * - `record_mac`: HMAC over the record's stored columns; `chain_mac`: HMAC over the sequence,
 *   the previous record's chain MAC and the record MAC. Both are NULL in rows written by
 *   version 1: the log seals those rows when it first opens with a key (see `open-chain.ts`).
 * - `checkpoint`: JSON for `log-checkpoint` records (what a retention run removed, ...).
 * - `chain_head`: the one-row anchor (sequence and chain MAC of the last record, MACed), which
 *   tells a truncated log from a short one.
 */
export function migrateToVersion2(database: DatabaseSync): void {
  database.exec(`
    ALTER TABLE events ADD COLUMN checkpoint TEXT;
    ALTER TABLE events ADD COLUMN record_mac BLOB;
    ALTER TABLE events ADD COLUMN chain_mac BLOB;
    CREATE INDEX events_checkpoints ON events (sequence) WHERE checkpoint IS NOT NULL;
    CREATE TABLE chain_head (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sequence INTEGER NOT NULL,
      chain_mac BLOB NOT NULL,
      anchor_mac BLOB NOT NULL,
      time TEXT NOT NULL
    ) STRICT;
  `);
}
