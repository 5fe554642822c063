import type { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Identity } from '../identity.ts';
import type { ChainHead } from './chain-head.ts';
import { inWriteTransaction, type ChainWriter, type StoredRow } from './chain-writer.ts';
import { toRow } from './event-row.ts';
import { checkpointEvent, encodeCheckpoint, type LogCheckpoint } from './log-checkpoint.ts';
import { computeChainMac, computeRecordMac, genesisMac } from './record-mac.ts';

/** What the chain needs when the log opens. */
export interface OpenChainContext {
  database: DatabaseSync;
  writer: ChainWriter;
  key: Uint8Array;
  /** Whether the key file was made just now (none existed). */
  keyCreated: boolean;
  identity: () => Identity;
  now: Date;
}

/** Rows sealed per statement batch, so that sealing a large legacy log stays bounded in memory. */
const sealBatchRows = 1_000;

/**
 * Brings the chain to a state where appends can continue, and records in the log itself what
 * it found: legacy rows sealed on the first start with a key, a key that went missing, or an
 * anchor that went missing. The damage records make `log verify` fail until retention removes
 * them, because what they describe cannot be undone. Returns the checkpoint events written.
 */
export function openChain(context: OpenChainContext): ActivityEvent[] {
  return inWriteTransaction(context.database, () => {
    const head = context.writer.readHead();
    if (head !== null && !context.keyCreated) {
      return [];
    }

    // First start with a key: chain what version 1 wrote, if anything
    if (context.keyCreated && head === null && !hasChainedRows(context.database)) {
      const sealed = sealLegacyRows(context);
      if (sealed.count === 0) {
        context.writer.writeHead(0, genesisMac);
        return [];
      }
      context.writer.writeHead(sealed.throughSequence, sealed.lastMac);
      return [
        appendCheckpoint(context, context.writer.readHead(), {
          kind: 'sealed',
          throughSequence: sealed.throughSequence,
          sealedCount: sealed.count,
        }),
      ];
    }

    // The key or the anchor went missing: continue from the anchor, else the last row
    const resumeFrom = head ?? resumeFromTail(context);
    const kind = context.keyCreated ? 'key-replaced' : 'anchor-lost';
    return [
      appendCheckpoint(context, resumeFrom, { kind, resumedAfterSequence: resumeFrom.sequence }),
    ];
  });
}

/**
 * Called by an append that finds the anchor gone while the log is open: records `anchor-lost`
 * and returns that event. Call inside the append's write transaction.
 */
export function recoverLostAnchor(context: OpenChainContext): ActivityEvent {
  const resumeFrom = resumeFromTail(context);
  return appendCheckpoint(context, resumeFrom, {
    kind: 'anchor-lost',
    resumedAfterSequence: resumeFrom.sequence,
  });
}

function appendCheckpoint(
  context: OpenChainContext,
  head: ChainHead | null,
  checkpoint: LogCheckpoint,
): ActivityEvent {
  const event = checkpointEvent(checkpoint, context.identity(), context.now);
  const row: StoredRow = { ...toRow(event), checkpoint: encodeCheckpoint(checkpoint) };
  context.writer.append(row, head);
  return event;
}

/** Moves the anchor to the last row (or the start) so that appends can continue. */
function resumeFromTail(context: OpenChainContext): ChainHead {
  const tail = context.database
    .prepare('SELECT sequence, chain_mac FROM events ORDER BY sequence DESC LIMIT 1')
    .get();
  const sequence = Number(tail?.['sequence'] ?? 0);
  const storedMac = tail?.['chain_mac'];
  const chainMac = storedMac instanceof Uint8Array ? Buffer.from(storedMac) : genesisMac;

  context.writer.writeHead(sequence, chainMac);
  const head = context.writer.readHead();
  if (head === null) {
    throw new Error('The chain-head anchor was written but cannot be read back.');
  }
  return head;
}

function hasChainedRows(database: DatabaseSync): boolean {
  return (
    database.prepare('SELECT 1 AS found FROM events WHERE chain_mac IS NOT NULL LIMIT 1').get() !==
    undefined
  );
}

/** Chains the rows version 1 wrote, in sequence order, in batches. */
function sealLegacyRows(context: OpenChainContext): {
  count: number;
  throughSequence: number;
  lastMac: Buffer;
} {
  const select = context.database.prepare(
    'SELECT * FROM events WHERE sequence > :after ORDER BY sequence LIMIT :limit',
  );
  const update = context.database.prepare(
    'UPDATE events SET record_mac = :recordMac, chain_mac = :chainMac WHERE sequence = :sequence',
  );

  let count = 0;
  let throughSequence = 0;
  let lastMac = genesisMac;
  for (;;) {
    const rows = select.all({ after: throughSequence, limit: sealBatchRows });
    if (rows.length === 0) {
      return { count, throughSequence, lastMac };
    }
    for (const row of rows) {
      const sequence = Number(row['sequence']);
      const recordMac = computeRecordMac(context.key, row as unknown as StoredRow);
      lastMac = computeChainMac(context.key, sequence, lastMac, recordMac);
      update.run({ recordMac, chainMac: lastMac, sequence });
      throughSequence = sequence;
      count++;
    }
  }
}
