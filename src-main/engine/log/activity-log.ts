import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Disposable } from '../base/disposable.ts';
import { migrate } from './migrations/migrate.ts';
import { fromRow, toRow, type EventRow } from './event-row.ts';

/** A query over the activity log. */
export interface ActivityQuery {
  /** Only events at or after this ISO time. */
  since?: string;
  /** At most this many events, newest first. */
  limit?: number;
}

/**
 * The activity log: what users did and what Copywarden did about it, one row per event, in
 * SQLite (WAL, synchronous commits so that a recorded event survives a crash).
 */
export class ActivityLog implements Disposable {
  readonly #database: DatabaseSync;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#database = new DatabaseSync(path);
    this.#database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    this.#database.exec('PRAGMA busy_timeout = 5000;');
    migrate(this.#database);
  }

  /** Appends one event. */
  append(event: ActivityEvent): void {
    const row = toRow(event);
    const columns = Object.keys(row);
    const statement = this.#database.prepare(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((name) => `:${name}`).join(', ')})`,
    );
    statement.run(row);
  }

  /** Events newest first. */
  query(query: ActivityQuery = {}): ActivityEvent[] {
    const statement = this.#database.prepare(
      'SELECT * FROM events WHERE time >= :since ORDER BY sequence DESC LIMIT :limit',
    );
    const rows = statement.all({ since: query.since ?? '', limit: query.limit ?? -1 });
    return rows.map((row) => fromRow(row as unknown as EventRow));
  }

  dispose(): void {
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }
}
