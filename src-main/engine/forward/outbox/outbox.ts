import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import type { Disposable } from '../../base/disposable.ts';
import { readDeliveryStatus, type DeliveryStatus } from '../delivery-status.ts';
import type { ForwardingSettings } from '../forwarding-settings.ts';
import { migrateOutbox } from './outbox-schema.ts';
import { prepareOutboxStatements, type OutboxStatements } from './outbox-statements.ts';

/** How many undelivered events a target may hold, and which give way when it is full. */
export type OutboxBound = ForwardingSettings['outbox'];

/** An event waiting for a target; `event` is null when its stored copy cannot be read. */
export interface OutboxEntry {
  sequence: number;
  event: ActivityEvent | null;
}

/** An overflow episode that ended: how many events it dropped, from when. */
export interface OverflowEpisode {
  since: string;
  dropped: number;
}

/**
 * The durable outbox: every event waits here, one row per (event, target), until the target
 * confirmed it. SQLite in WAL mode with synchronous commits, so that an enqueued event survives
 * a crash or a power loss. Each target holds at most `maxEvents`; beyond that the overflow rule
 * drops the oldest or the newest, and the caller is told how many, so no drop goes unrecorded.
 */
export class Outbox implements Disposable {
  readonly #database: DatabaseSync;
  readonly #statements: OutboxStatements;
  /** Queue lengths per target, counted once and then kept up to date. */
  readonly #queued = new Map<string, number>();

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#database = new DatabaseSync(path);
    this.#database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    this.#database.exec('PRAGMA busy_timeout = 5000;');
    migrateOutbox(this.#database);
    this.#statements = prepareOutboxStatements(this.#database);
  }

  /**
   * Adds `events` for every target in one transaction, applying the bound per target. Returns
   * how many events were dropped per target (absent when none was).
   */
  enqueue(
    events: readonly ActivityEvent[],
    targets: readonly string[],
    bound: OutboxBound,
  ): Map<string, number> {
    const dropped = new Map<string, number>();
    if (targets.length === 0 || events.length === 0) {
      return dropped;
    }

    this.#transaction(() => {
      const now = new Date().toISOString();
      const touchedEvents: number[] = [];
      for (const event of events) {
        const eventKey = this.#storeEvent(event);
        touchedEvents.push(eventKey);
        for (const target of targets) {
          const room = this.#makeRoom(target, bound, touchedEvents);
          if (room.dropped > 0) {
            dropped.set(target, (dropped.get(target) ?? 0) + room.dropped);
          }
          if (room.admit) {
            const inserted = this.#statements.insertDelivery.run(target, eventKey, now).changes;
            this.#queued.set(target, this.queued(target) + Number(inserted));
          }
        }
      }

      // Events no target kept, and the drop counts
      this.#statements.deleteOrphanEvents.run(JSON.stringify(touchedEvents));
      for (const [target, count] of dropped) {
        this.#statements.addDrops.run(count, now, target);
      }
    });
    return dropped;
  }

  /** Up to `limit` entries for `target` after `afterSequence`, oldest first. */
  take(target: string, afterSequence: number, limit: number): OutboxEntry[] {
    const rows = this.#statements.take.all(target, afterSequence, limit) as {
      sequence: number;
      body: string;
    }[];
    return rows.map((row) => ({ sequence: row.sequence, event: parseEvent(row.body) }));
  }

  /** Removes delivered entries and counts them; returns how many were still there. */
  acknowledge(target: string, sequences: readonly number[], at: Date): number {
    let removed = 0;
    this.#transaction(() => {
      const rows = this.#statements.deleteDeliveries.all(target, JSON.stringify(sequences)) as {
        event_key: number;
      }[];
      removed = rows.length;
      this.#queued.set(target, this.queued(target) - removed);
      this.#statements.deleteOrphanEvents.run(JSON.stringify(rows.map((row) => row.event_key)));
      this.#statements.recordSuccess.run(removed, at.toISOString(), target);
    });
    return removed;
  }

  /** Undelivered entries for `target`. */
  queued(target: string): number {
    let count = this.#queued.get(target);
    if (count === undefined) {
      count = (this.#statements.countQueued.get(target) as { count: number }).count;
      this.#queued.set(target, count);
    }
    return count;
  }

  /** Notes the targets the settings name; the others keep their queues, marked unconfigured. */
  configureTargets(targets: readonly { name: string; description: string }[]): void {
    this.#transaction(() => {
      this.#statements.resetConfigured.run();
      for (const target of targets) {
        this.#statements.upsertTarget.run(target.name, target.description);
      }
    });
  }

  recordFailure(target: string, reason: string, at: Date, nextAttemptAt: Date): void {
    const times = [at.toISOString(), nextAttemptAt.toISOString()] as const;
    this.#statements.recordFailure.run(reason, ...times, target);
  }

  recordHeartbeat(target: string, at: Date): void {
    this.#statements.recordHeartbeat.run(at.toISOString(), target);
  }

  /** Ends the target's overflow episode, if one is running, and says what it dropped. */
  endOverflow(target: string): OverflowEpisode | null {
    const row = this.#statements.readOverflow.get(target) as
      { overflow_since: string | null; overflow_dropped: number } | undefined;
    if (row === undefined || row.overflow_since === null) {
      return null;
    }
    this.#statements.clearOverflow.run(target);
    return { since: row.overflow_since, dropped: row.overflow_dropped };
  }

  /** Stores a fact about the agent for `copywarden status`, such as the policy origin. */
  setAgentFact(key: string, value: string): void {
    this.#statements.setFact.run(key, value);
  }

  status(): DeliveryStatus[] {
    return readDeliveryStatus(this.#database);
  }

  dispose(): void {
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }

  #storeEvent(event: ActivityEvent): number {
    const row = this.#statements.storeEvent.get(event.eventId, JSON.stringify(event)) as {
      event_key: number;
    };
    return row.event_key;
  }

  /**
   * Makes room for one more entry of `target`. Drop-oldest deletes the oldest entries beyond
   * the bound; drop-newest refuses the new one. Keys of events that lost a delivery are added
   * to `touchedEvents`, for the orphan clean-up.
   */
  #makeRoom(
    target: string,
    bound: OutboxBound,
    touchedEvents: number[],
  ): { admit: boolean; dropped: number } {
    const excess = this.queued(target) - bound.maxEvents + 1;
    if (excess <= 0) {
      return { admit: true, dropped: 0 };
    }
    if (bound.overflow === 'drop-newest') {
      return { admit: false, dropped: 1 };
    }

    const rows = this.#statements.dropOldest.all(target, excess) as { event_key: number }[];
    touchedEvents.push(...rows.map((row) => row.event_key));
    this.#queued.set(target, this.queued(target) - rows.length);
    return { admit: true, dropped: rows.length };
  }

  #transaction(work: () => void): void {
    const queuedBefore = new Map(this.#queued);
    this.#database.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.#database.exec('COMMIT');
    } catch (error) {
      this.#database.exec('ROLLBACK');
      this.#restoreCounts(queuedBefore);
      throw error;
    }
  }

  #restoreCounts(counts: Map<string, number>): void {
    this.#queued.clear();
    for (const [target, count] of counts) {
      this.#queued.set(target, count);
    }
  }
}

function parseEvent(body: string): ActivityEvent | null {
  try {
    return JSON.parse(body) as ActivityEvent;
  } catch {
    return null;
  }
}
