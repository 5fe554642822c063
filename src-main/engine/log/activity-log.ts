import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import { readIdentity, type Identity } from '../identity.ts';
import { chainKeyPath, loadOrCreateChainKey, type ChainKey } from './chain-key.ts';
import { ChainWriter, inWriteTransaction, type ChainedRecord } from './chain-writer.ts';
import { toRow } from './event-row.ts';
import {
  iterateEvents,
  queryPage,
  type ActivityPage,
  type ActivityQuery,
  type LoggedEvent,
} from './log-query.ts';
import { migrate } from './migrations/migrate.ts';
import { openChain, recoverLostAnchor, type OpenChainContext } from './open-chain.ts';
import { removeExpiredRecords, type RetentionSettings } from './retention.ts';
import { verifyChain, type VerifyResult } from './verify-log.ts';

export type { ActivityQuery } from './log-query.ts';

/** How to open the activity log. */
export interface ActivityLogOptions {
  /** The key file; by default `activity-log.key` beside the database. */
  keyPath?: string;
  /** Stamped on the checkpoint records the log writes itself; read from the OS by default. */
  identity?: Identity;
}

/** The chain head for a SIEM checkpoint: with it, the SIEM can tell a rewritten local log. */
export interface ChainAnchor {
  sequence: number;
  /** Chain MAC of the last record (hex). */
  chainMac: string;
  /** Names the key that made the chain (SHA-256 of it, hex). */
  keyFingerprint: string;
  /** When the head last moved (ISO 8601). */
  time: string;
}

/**
 * The activity log: what users did and what Copywarden did about it, one row per event, in
 * SQLite (WAL, synchronous FULL so that a recorded event survives a crash). Every record is
 * chained to the one before it with an HMAC under an install key, so that `log verify` detects
 * records edited, removed, inserted or reordered after the fact (docs/activity-log.md).
 */
export class ActivityLog implements Disposable {
  readonly #database: DatabaseSync;
  readonly #key: ChainKey;
  readonly #writer: ChainWriter;
  readonly #identity: Identity | undefined;
  readonly #onDidWriteCheckpoint = new Emitter<ActivityEvent>();

  /** Checkpoint records the log wrote while opening (legacy rows sealed, key or anchor lost). */
  readonly recordedAtOpen: readonly ActivityEvent[];
  /** Fires with each checkpoint record written after opening (retention, a lost anchor). */
  readonly onDidWriteCheckpoint: Event<ActivityEvent> = this.#onDidWriteCheckpoint.event;

  constructor(path: string, options: ActivityLogOptions = {}) {
    // The database, at the current schema version
    mkdirSync(dirname(path), { recursive: true });
    this.#database = new DatabaseSync(path);
    try {
      this.#database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
      this.#database.exec('PRAGMA busy_timeout = 5000;');
      migrate(this.#database);

      // The key, then the chain (after the schema, so that a new key always meets its columns)
      const { key, created } = loadOrCreateChainKey(options.keyPath ?? chainKeyPath(path));
      this.#key = key;
      this.#identity = options.identity;
      this.#writer = new ChainWriter(this.#database, key.bytes);
      this.recordedAtOpen = openChain({ ...this.#chainContext(), keyCreated: created });
    } catch (error) {
      this.#database.close();
      throw error;
    }
  }

  /** Appends one event, durably; returns where it landed in the chain. */
  append(event: ActivityEvent): ChainedRecord {
    const { record, recovered } = inWriteTransaction(this.#database, () => {
      // An anchor removed while the log was open is recorded before the event
      let head = this.#writer.readHead();
      let lost: ActivityEvent | null = null;
      if (head === null) {
        lost = recoverLostAnchor(this.#chainContext());
        head = this.#writer.readHead();
      }

      const appended = this.#writer.append({ ...toRow(event), checkpoint: null }, head);
      return { record: appended, recovered: lost };
    });

    if (recovered !== null) {
      this.#onDidWriteCheckpoint.fire(recovered);
    }
    return record;
  }

  /** Events newest first. */
  query(query: ActivityQuery = {}): ActivityEvent[] {
    return [...iterateEvents(this.#database, query)].map((record) => record.event);
  }

  /** One page of events newest first, with their sequences and a cursor for the next page. */
  queryPage(query: ActivityQuery = {}): ActivityPage {
    return queryPage(this.#database, query);
  }

  /** Matching events newest first, one at a time, for exports of any size. */
  iterate(query: ActivityQuery = {}): Iterable<LoggedEvent> {
    return iterateEvents(this.#database, query);
  }

  /** The chain head, for SIEM checkpoints; null only if the anchor vanished since opening. */
  chainAnchor(): ChainAnchor | null {
    const head = this.#writer.readHead();
    if (head === null) {
      return null;
    }
    return {
      sequence: head.sequence,
      chainMac: head.chainMac.toString('hex'),
      keyFingerprint: this.#key.fingerprint,
      time: head.time,
    };
  }

  /** SHA-256 of the log key (hex): names the key in SIEM checkpoints. */
  get keyFingerprint(): string {
    return this.#key.fingerprint;
  }

  /**
   * Removes the oldest records beyond `settings` and appends a checkpoint that carries the
   * chain across them. Returns the checkpoint event (also fired on `onDidWriteCheckpoint`), or
   * null when nothing was due.
   */
  applyRetention(settings: RetentionSettings, now: Date = new Date()): ActivityEvent | null {
    const event = inWriteTransaction(this.#database, () =>
      removeExpiredRecords(this.#database, this.#writer, settings, this.#readIdentity(), now),
    );
    if (event !== null) {
      this.#onDidWriteCheckpoint.fire(event);
    }
    return event;
  }

  /** Verifies the chain from this connection (see `verifyChain`). */
  verify(): VerifyResult {
    return verifyChain(this.#database, this.#key.bytes);
  }

  dispose(): void {
    this.#onDidWriteCheckpoint.dispose();
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }

  #chainContext(): OpenChainContext {
    return {
      database: this.#database,
      writer: this.#writer,
      key: this.#key.bytes,
      keyCreated: false,
      identity: () => this.#readIdentity(),
      now: new Date(),
    };
  }

  #readIdentity(): Identity {
    return this.#identity ?? readIdentity();
  }
}
