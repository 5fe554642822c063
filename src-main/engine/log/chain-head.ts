import type { DatabaseSync, StatementSync } from 'node:sqlite';

import { computeAnchorMac, macsEqual } from './record-mac.ts';

/**
 * The chain-head anchor: the sequence and chain MAC of the last record, MACed with the key and
 * updated in the same transaction as each append. A log whose last records were deleted no
 * longer ends where its anchor says, and moving the anchor back needs the key.
 */
export interface ChainHead {
  sequence: number;
  chainMac: Buffer;
  anchorMac: Buffer;
  /** When the head last moved (ISO 8601, UTC). */
  time: string;
}

/** Reads and moves the anchor through statements prepared once. */
export class ChainHeadStore {
  readonly #select: StatementSync;
  readonly #upsert: StatementSync;

  constructor(database: DatabaseSync) {
    this.#select = database.prepare(
      'SELECT sequence, chain_mac, anchor_mac, time FROM chain_head WHERE id = 1',
    );
    this.#upsert = database.prepare(
      'INSERT INTO chain_head (id, sequence, chain_mac, anchor_mac, time) ' +
        'VALUES (1, :sequence, :chainMac, :anchorMac, :time) ' +
        'ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, ' +
        'chain_mac = excluded.chain_mac, anchor_mac = excluded.anchor_mac, time = excluded.time',
    );
  }

  /** The anchor as stored; null when the row is gone (or was never written). */
  read(): ChainHead | null {
    const row = this.#select.get();
    if (row === undefined) {
      return null;
    }
    return {
      sequence: Number(row['sequence']),
      chainMac: toBuffer(row['chain_mac']),
      anchorMac: toBuffer(row['anchor_mac']),
      time: String(row['time']),
    };
  }

  /** Moves the anchor to `sequence` / `chainMac`. Call inside the append's transaction. */
  write(key: Uint8Array, sequence: number, chainMac: Uint8Array, time: string): void {
    const anchorMac = computeAnchorMac(key, sequence, chainMac);
    this.#upsert.run({ sequence, chainMac, anchorMac, time });
  }
}

/** Whether the stored anchor carries a valid MAC under `key`. */
export function isChainHeadAuthentic(key: Uint8Array, head: ChainHead): boolean {
  return macsEqual(computeAnchorMac(key, head.sequence, head.chainMac), head.anchorMac);
}

function toBuffer(value: unknown): Buffer {
  return value instanceof Uint8Array ? Buffer.from(value) : Buffer.alloc(0);
}
