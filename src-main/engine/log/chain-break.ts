import type { DatabaseSync } from 'node:sqlite';

import type { StoredRow } from './chain-writer.ts';
import { computeChainMac, computeRecordMac, macsEqual } from './record-mac.ts';

/** What is wrong with the first broken record. */
export type ChainBreakKind =
  /** The record's content (or its MACs) changed after it was written. */
  | 'edited'
  /** A record is gone from the middle or the start of the log. */
  | 'missing'
  /** A record the log did not write. */
  | 'inserted'
  /** A genuine record sits at the wrong sequence. */
  | 'reordered'
  /** Records are gone from the end of the log, or the chain-head anchor is gone or forged. */
  | 'truncated'
  /** The records cannot be checked: their key was replaced, or the log predates the chain. */
  | 'unverifiable';

/** The first record at which the chain does not hold. */
export interface ChainBreak {
  sequence: number;
  /** The event id of the record found there; null when the record is missing. */
  eventId: string | null;
  kind: ChainBreakKind;
  /** What was found, in a sentence. */
  detail: string;
}

/** A stored row as `verify` reads it: integers as bigints, MACs as bytes. */
export type VerifiedRow = Record<string, unknown>;

/** Where verification stands when a row fails: the sequence and MAC the chain expects. */
export interface ChainPosition {
  key: Uint8Array;
  sequence: number;
  previousMac: Uint8Array;
}

/** Whether `row` carries valid MACs as the record at `position`. */
export function verifiesAt(position: ChainPosition, row: VerifiedRow): boolean {
  const recordMac = computeRecordMac(position.key, row as unknown as StoredRow);
  const chainMac = computeChainMac(
    position.key,
    position.sequence,
    position.previousMac,
    recordMac,
  );
  return macsEqual(recordMac, row['record_mac']) && macsEqual(chainMac, row['chain_mac']);
}

/**
 * Names what happened at a row that sits at the expected sequence but does not verify there.
 * It tests which story the rows around it tell: the chain going on as if the row were not
 * there (inserted), a genuine record that belongs elsewhere (reordered, or missing when the
 * record that belongs here is nowhere), or changed content with the chain intact (edited).
 */
export function classifyBreak(
  database: DatabaseSync,
  position: ChainPosition,
  row: VerifiedRow,
): ChainBreak {
  const eventId = typeof row['event_id'] === 'string' ? row['event_id'] : null;
  const found = (kind: ChainBreakKind, detail: string): ChainBreak => ({
    sequence: position.sequence,
    eventId,
    kind,
    detail,
  });
  const recordMac = computeRecordMac(position.key, row as unknown as StoredRow);
  const next = readRowAfter(database, position.sequence);

  // A forged or changed record: inserted when the chain goes on without it
  if (!macsEqual(recordMac, row['record_mac'])) {
    if (next !== undefined && verifiesAt(position, next)) {
      return found(
        'inserted',
        'a record the log did not write; the records after it were renumbered',
      );
    }
    return found('edited', "the record's content changed after it was written");
  }

  // Genuine content whose chain MAC alone was changed
  const rightMac = computeChainMac(
    position.key,
    position.sequence,
    position.previousMac,
    recordMac,
  );
  const following = { ...position, sequence: position.sequence + 1, previousMac: rightMac };
  if (
    next !== undefined &&
    Number(next['sequence']) === following.sequence &&
    verifiesAt(following, next)
  ) {
    return found('edited', "the record's chain MAC changed after it was written");
  }

  // Genuine content in the wrong place
  const belongsHere = findRowVerifyingAt(database, position);
  if (belongsHere !== null) {
    return found(
      'reordered',
      `a genuine record from elsewhere sits here; the record that belongs here is at sequence ${belongsHere}`,
    );
  }
  return {
    ...found('missing', 'the record was removed and the records after it were renumbered'),
    eventId: null,
  };
}

function readRowAfter(database: DatabaseSync, sequence: number): VerifiedRow | undefined {
  const statement = database.prepare(
    'SELECT * FROM events WHERE sequence > :sequence ORDER BY sequence LIMIT 1',
  );
  statement.setReadBigInts(true);
  return statement.get({ sequence });
}

/** Scans the rows after `position` for the one whose MACs put it there; one HMAC pair per row. */
function findRowVerifyingAt(database: DatabaseSync, position: ChainPosition): number | null {
  const statement = database.prepare(
    'SELECT * FROM events WHERE sequence > :sequence ORDER BY sequence',
  );
  statement.setReadBigInts(true);
  for (const row of statement.iterate({ sequence: position.sequence })) {
    if (verifiesAt(position, row)) {
      return Number(row['sequence']);
    }
  }
  return null;
}
