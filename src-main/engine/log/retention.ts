import type { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Identity } from '../identity.ts';
import type { ChainWriter, StoredRow } from './chain-writer.ts';
import { toRow } from './event-row.ts';
import { checkpointEvent, encodeCheckpoint, type LogCheckpoint } from './log-checkpoint.ts';

/** How long the activity log keeps records: the policy's `activityLog` section. */
export interface RetentionSettings {
  /** Records older than this many days are removed. */
  maxAgeDays: number;
  /** At most this many records are kept (the checkpoint a removal writes counts). */
  maxEvents: number;
}

/** What one retention run removes: the oldest records, through one sequence. */
export interface RetentionPlan {
  throughSequence: number;
  removedCount: number;
  reason: 'max-age' | 'max-events';
}

const dayMs = 86_400_000;

/**
 * Which oldest records to remove. The chain can only lose a prefix, so age removes records up
 * to the first one inside the age limit: a record stamped far in the future (a wrong clock)
 * holds back age-based removal behind it, and `maxEvents` still bounds the log.
 */
export function planRetention(
  database: DatabaseSync,
  settings: RetentionSettings,
  now: Date,
): RetentionPlan | null {
  // By age
  const cutoff = new Date(now.getTime() - settings.maxAgeDays * dayMs).toISOString();
  const firstYoung = database
    .prepare('SELECT sequence FROM events WHERE time >= :cutoff ORDER BY sequence LIMIT 1')
    .get({ cutoff });
  const highest = database.prepare('SELECT MAX(sequence) AS highest FROM events').get();
  const byAge =
    firstYoung === undefined
      ? Number(highest?.['highest'] ?? 0)
      : Number(firstYoung['sequence']) - 1;

  // By count, leaving room for the checkpoint this run appends
  const total = Number(database.prepare('SELECT COUNT(*) AS total FROM events').get()?.['total']);
  const excess = total + 1 - settings.maxEvents;
  const lastExcess =
    excess > 0
      ? database
          .prepare('SELECT sequence FROM events ORDER BY sequence LIMIT 1 OFFSET :skip')
          .get({ skip: Math.min(excess, total) - 1 })
      : undefined;
  const byCount = lastExcess === undefined ? 0 : Number(lastExcess['sequence']);

  // The further of the two
  const throughSequence = Math.max(byAge, byCount);
  const removedCount = Number(
    database
      .prepare('SELECT COUNT(*) AS removed FROM events WHERE sequence <= :through')
      .get({ through: throughSequence })?.['removed'],
  );
  if (removedCount === 0) {
    return null;
  }
  return { throughSequence, removedCount, reason: byAge >= byCount ? 'max-age' : 'max-events' };
}

/**
 * Removes the planned records and appends a `retention` checkpoint carrying the chain MAC of
 * the last removed one, so that the records kept still verify. Call inside a write
 * transaction; returns the checkpoint event, or null when nothing was due.
 */
export function removeExpiredRecords(
  database: DatabaseSync,
  writer: ChainWriter,
  settings: RetentionSettings,
  identity: Identity,
  now: Date,
): ActivityEvent | null {
  const plan = planRetention(database, settings, now);
  if (plan === null) {
    return null;
  }

  // The last record removed: the first kept one was chained to its MAC
  const last = database
    .prepare(
      'SELECT sequence, chain_mac FROM events WHERE sequence <= :through ' +
        'ORDER BY sequence DESC LIMIT 1',
    )
    .get({ through: plan.throughSequence });
  const lastMac = last?.['chain_mac'];
  const throughSequence = Number(last?.['sequence'] ?? plan.throughSequence);
  const throughMac =
    lastMac instanceof Uint8Array ? Buffer.from(lastMac).toString('hex') : '0'.repeat(64);

  // Remove, then carry the chain across
  database
    .prepare('DELETE FROM events WHERE sequence <= :through')
    .run({ through: throughSequence });
  const checkpoint: LogCheckpoint = { kind: 'retention', ...plan, throughSequence, throughMac };
  const event = checkpointEvent(checkpoint, identity, now);
  const row: StoredRow = { ...toRow(event), checkpoint: encodeCheckpoint(checkpoint) };
  writer.append(row, writer.readHead());
  return event;
}
