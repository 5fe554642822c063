import type { DatabaseSync, StatementSync } from 'node:sqlite';

import { ChainHeadStore, type ChainHead } from './chain-head.ts';
import type { EventRow } from './event-row.ts';
import { macColumns } from './record-mac.ts';
import { computeChainMac, computeRecordMac, genesisMac } from './record-mac.ts';

/** A row as the log stores it: the event's columns and, for checkpoints, the checkpoint JSON. */
export type StoredRow = EventRow & { checkpoint: string | null };

/** Where an appended record landed in the chain. */
export interface ChainedRecord {
  sequence: number;
  /** The record's chain MAC: what a SIEM checkpoint holds for this sequence. */
  chainMac: Buffer;
}

/** Appends rows to the chain through statements prepared once. */
export class ChainWriter {
  readonly #key: Uint8Array;
  readonly #head: ChainHeadStore;
  readonly #highestSequence: StatementSync;
  readonly #insert: StatementSync;

  constructor(database: DatabaseSync, key: Uint8Array) {
    this.#key = key;
    this.#head = new ChainHeadStore(database);
    this.#highestSequence = database.prepare('SELECT MAX(sequence) AS highest FROM events');
    const columns = [
      'sequence',
      ...macColumns,
      'user_group',
      'destination_device',
      'record_mac',
      'chain_mac',
    ];
    this.#insert = database.prepare(
      `INSERT INTO events (${columns.join(', ')}) ` +
        `VALUES (${columns.map((name) => `:${name}`).join(', ')})`,
    );
  }

  /** The anchor as stored, or null when it is gone. */
  readHead(): ChainHead | null {
    return this.#head.read();
  }

  /** Moves the anchor; for the log's own recovery steps. */
  writeHead(sequence: number, chainMac: Uint8Array): void {
    this.#head.write(this.#key, sequence, chainMac, new Date().toISOString());
  }

  /**
   * Appends `row` after `head` (null: the start of the chain) and moves the anchor. Call inside
   * a write transaction. The sequence also skips past any row someone inserted beyond the
   * anchor, so that such a row cannot block the log; `log verify` reports it.
   */
  append(row: StoredRow, head: ChainHead | null): ChainedRecord {
    // Place
    const highest = Number(this.#highestSequence.get()?.['highest'] ?? 0);
    const sequence = Math.max(head?.sequence ?? 0, highest) + 1;

    // Seal and store
    const recordMac = computeRecordMac(this.#key, row);
    const chainMac = computeChainMac(this.#key, sequence, head?.chainMac ?? genesisMac, recordMac);
    this.#insert.run({ ...row, sequence, record_mac: recordMac, chain_mac: chainMac });
    this.#head.write(this.#key, sequence, chainMac, new Date().toISOString());
    return { sequence, chainMac };
  }
}

/** Runs `work` in a write transaction (BEGIN IMMEDIATE), rolling back if it throws. */
export function inWriteTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
