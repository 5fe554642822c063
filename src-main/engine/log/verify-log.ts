import type { DatabaseSync } from 'node:sqlite';

import { classifyBreak, verifiesAt, type ChainBreak, type VerifiedRow } from './chain-break.ts';
import { ChainHeadStore, isChainHeadAuthentic, type ChainHead } from './chain-head.ts';
import { parseCheckpoint } from './log-checkpoint.ts';
import { genesisMac, macsEqual } from './record-mac.ts';

/** The outcome of `verifyChain`. */
export type VerifyResult =
  | {
      intact: true;
      /** Records in the log, checkpoints included. */
      records: number;
      /** The last record: compare with the SIEM's checkpoint for this machine. */
      head: { sequence: number; chainMac: string };
      /** Records up to this sequence were written before the chain existed; null if none. */
      sealedThrough: number | null;
    }
  | {
      intact: false;
      /** Records that verified before the break. */
      records: number;
      break: ChainBreak;
    };

/** Where the kept part of the chain starts, from the newest authentic checkpoints. */
interface ChainStart {
  sequence: number;
  previousMac: Uint8Array;
  /** The newest `key-replaced` checkpoint: records before it cannot be verified. */
  keyReplacedAt: number | null;
  sealedThrough: number | null;
}

/**
 * Verifies the whole chain in one read snapshot, one row at a time (memory does not grow with
 * the log). Reports the first record at which the chain does not hold.
 */
export function verifyChain(database: DatabaseSync, key: Uint8Array): VerifyResult {
  database.exec('BEGIN');
  try {
    return verifySnapshot(database, key);
  } finally {
    database.exec('COMMIT');
  }
}

function verifySnapshot(database: DatabaseSync, key: Uint8Array): VerifyResult {
  const start = findChainStart(database);
  const stored = new ChainHeadStore(database).read();
  const anchor = stored !== null && isChainHeadAuthentic(key, stored) ? stored : null;
  const position = { key, sequence: start.sequence, previousMac: start.previousMac };
  let records = 0;
  const broken = (found: ChainBreak): VerifyResult => ({ intact: false, records, break: found });

  // Stream the rows in chain order
  const statement = database.prepare('SELECT * FROM events ORDER BY sequence');
  statement.setReadBigInts(true);
  for (const row of statement.iterate()) {
    const sequence = Number(row['sequence']);
    const eventId = typeof row['event_id'] === 'string' ? row['event_id'] : null;

    // Rows outside the chain, or a gap
    const outside = checkPlace(sequence, eventId, position.sequence, start, anchor);
    if (outside !== null) {
      return broken(outside);
    }

    // The MACs
    if (!verifiesAt(position, row)) {
      return broken(classifyBreak(database, position, row));
    }
    const lost = describeLostAnchor(row, sequence, eventId);
    if (lost !== null) {
      return broken(lost);
    }
    position.previousMac = row['chain_mac'] as Uint8Array;
    position.sequence++;
    records++;
  }

  // The end of the chain must be where the anchor says
  const truncated = checkEnd(stored, anchor, position.sequence, position.previousMac);
  if (truncated !== null) {
    return broken(truncated);
  }
  return {
    intact: true,
    records,
    head: {
      sequence: position.sequence - 1,
      chainMac: Buffer.from(position.previousMac).toString('hex'),
    },
    sealedThrough: start.sealedThrough,
  };
}

/** A row before the chain's start or after its head is inserted; one past a gap means missing. */
function checkPlace(
  sequence: number,
  eventId: string | null,
  expected: number,
  start: ChainStart,
  anchor: ChainHead | null,
): ChainBreak | null {
  if (sequence < expected) {
    const detail = 'a record before the start of the chain, where retention removed records';
    return { sequence, eventId, kind: 'inserted', detail };
  }
  if (anchor !== null && sequence > anchor.sequence) {
    const detail = `a record after the chain head (sequence ${anchor.sequence})`;
    return { sequence, eventId, kind: 'inserted', detail };
  }
  if (sequence > expected) {
    const detail =
      sequence === expected + 1
        ? 'the record is missing'
        : `records ${expected} to ${sequence - 1} are missing`;
    return { sequence: expected, eventId: null, kind: 'missing', detail };
  }
  if (start.keyReplacedAt !== null && sequence < start.keyReplacedAt) {
    const detail =
      `records before sequence ${start.keyReplacedAt} were written under a key that was ` +
      'replaced there, because the key file was missing';
    return { sequence, eventId, kind: 'unverifiable', detail };
  }
  return null;
}

/** An authentic `anchor-lost` checkpoint: the log may have lost its end before it. */
function describeLostAnchor(
  row: VerifiedRow,
  sequence: number,
  eventId: string | null,
): ChainBreak | null {
  const checkpoint = parseCheckpoint(row['checkpoint']);
  if (checkpoint?.kind !== 'anchor-lost') {
    return null;
  }
  const detail =
    'the chain-head anchor was missing when the log was opened; records after sequence ' +
    `${checkpoint.resumedAfterSequence} may have been removed`;
  return { sequence, eventId, kind: 'truncated', detail };
}

function checkEnd(
  stored: ChainHead | null,
  anchor: ChainHead | null,
  next: number,
  lastMac: Uint8Array,
): ChainBreak | null {
  const truncated = (detail: string): ChainBreak => ({
    sequence: next,
    eventId: null,
    kind: 'truncated',
    detail,
  });
  if (stored === null) {
    return truncated('the chain-head anchor is gone');
  }
  if (anchor === null) {
    return truncated('the chain-head anchor was altered (its MAC does not verify)');
  }
  if (anchor.sequence >= next) {
    return truncated(`records ${next} to ${anchor.sequence} are missing from the end of the log`);
  }
  if (!macsEqual(lastMac, anchor.chainMac)) {
    return truncated('the last record is not the one the chain-head anchor names');
  }
  return null;
}

/**
 * Reads the checkpoints newest first. They are used before their own MACs are checked: that
 * check comes when the stream reaches them, and a forged checkpoint fails it (or, claiming to
 * cover itself, falls before the start), so a log is never reported intact on a forged one.
 */
function findChainStart(database: DatabaseSync): ChainStart {
  const start: ChainStart = {
    sequence: 1,
    previousMac: genesisMac,
    keyReplacedAt: null,
    sealedThrough: null,
  };
  let retentionFound = false;

  const statement = database.prepare(
    'SELECT * FROM events WHERE checkpoint IS NOT NULL ORDER BY sequence DESC',
  );
  statement.setReadBigInts(true);
  for (const row of statement.iterate()) {
    const checkpoint = parseCheckpoint(row['checkpoint']);
    if (checkpoint === null) {
      continue;
    }

    const sequence = Number(row['sequence']);
    if (checkpoint.kind === 'retention' && !retentionFound) {
      retentionFound = true;
      start.sequence = checkpoint.throughSequence + 1;
      start.previousMac = Buffer.from(checkpoint.throughMac, 'hex');
    } else if (checkpoint.kind === 'key-replaced' && start.keyReplacedAt === null) {
      start.keyReplacedAt = sequence;
    } else if (checkpoint.kind === 'sealed' && start.sealedThrough === null) {
      start.sealedThrough = checkpoint.throughSequence;
    }
  }
  return start;
}
