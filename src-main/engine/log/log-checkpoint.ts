import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Identity } from '../identity.ts';

/**
 * What a `log-checkpoint` record says about the chain, stored as JSON in its `checkpoint` column
 * (covered by its MAC). Retention checkpoints carry the chain across removed records; the others
 * record that the log found itself damaged when it opened, so that `log verify` keeps saying so.
 */
const checkpointSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Records up to `throughSequence` were removed under the retention settings. */
    kind: z.literal('retention'),
    throughSequence: z.int().nonnegative(),
    /** Chain MAC (hex) of the last removed record: the `previous MAC` of the first one kept. */
    throughMac: z.string().regex(/^[0-9a-f]{64}$/),
    removedCount: z.int().nonnegative(),
    /** Which setting removed the most: age or count. */
    reason: z.enum(['max-age', 'max-events']),
  }),
  z.strictObject({
    /** Records up to `throughSequence` were written before the chain existed, then chained. */
    kind: z.literal('sealed'),
    throughSequence: z.int().nonnegative(),
    sealedCount: z.int().nonnegative(),
  }),
  z.strictObject({
    /** The key file was gone: records up to `resumedAfterSequence` can no longer be verified. */
    kind: z.literal('key-replaced'),
    resumedAfterSequence: z.int().nonnegative(),
  }),
  z.strictObject({
    /** The chain-head anchor was gone: records after `resumedAfterSequence` may be missing. */
    kind: z.literal('anchor-lost'),
    resumedAfterSequence: z.int().nonnegative(),
  }),
]);

export type LogCheckpoint = z.output<typeof checkpointSchema>;

/** A checkpoint column is a short JSON object; anything longer was not written by the log. */
const maxCheckpointChars = 1_024;

/** The JSON stored in the `checkpoint` column. */
export function encodeCheckpoint(checkpoint: LogCheckpoint): string {
  return JSON.stringify(checkpoint);
}

/** Parses a `checkpoint` column; null when it is empty or not a checkpoint the log writes. */
export function parseCheckpoint(text: unknown): LogCheckpoint | null {
  if (typeof text !== 'string' || text.length > maxCheckpointChars) {
    return null;
  }
  try {
    const result = checkpointSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** The `log-checkpoint` event that carries `checkpoint`, with a sentence for people. */
export function checkpointEvent(
  checkpoint: LogCheckpoint,
  identity: Identity,
  now: Date,
): ActivityEvent {
  return {
    eventId: randomUUID(),
    time: now.toISOString(),
    type: 'log-checkpoint',
    ...identity,
    group: null,
    detection: null,
    risk: 'none',
    file: null,
    destination: null,
    action: null,
    outcome: 'none',
    quarantineId: null,
    message: describeCheckpoint(checkpoint),
  };
}

function describeCheckpoint(checkpoint: LogCheckpoint): string {
  switch (checkpoint.kind) {
    case 'retention':
      return (
        `retention removed ${checkpoint.removedCount} records through sequence ` +
        `${checkpoint.throughSequence} (${checkpoint.reason}); the chain continues from ` +
        `chain MAC ${checkpoint.throughMac}`
      );
    case 'sealed':
      return (
        `chained ${checkpoint.sealedCount} records written before the log was tamper-evident ` +
        `(through sequence ${checkpoint.throughSequence}); changes made to them before now ` +
        'cannot be detected'
      );
    case 'key-replaced':
      return (
        'the log key was missing, so a new key was made; records through sequence ' +
        `${checkpoint.resumedAfterSequence} can no longer be verified`
      );
    case 'anchor-lost':
      return (
        'the chain-head anchor was missing; records after sequence ' +
        `${checkpoint.resumedAfterSequence} may have been removed before this record`
      );
  }
}
