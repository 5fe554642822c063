import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { Disposable } from '../base/disposable.ts';
import { chainKeyPath, ChainKeyError, readChainKey } from './chain-key.ts';
import { iterateEvents, queryPage, type ActivityPage, type ActivityQuery } from './log-query.ts';
import type { LoggedEvent } from './log-query.ts';
import { currentSchemaVersion, readUserVersion } from './migrations/migrate.ts';
import { verifyChain, type VerifyResult } from './verify-log.ts';

/** The activity log's file in a data directory. */
export function activityLogPath(dataDir: string): string {
  return join(dataDir, 'activity.sqlite');
}

/** The schema version that added the chain. */
const chainSchemaVersion = 2;

/**
 * The activity log opened read-only, for the command line and other readers that must not
 * change it (no migration, no key made, no checkpoint written) while the agent writes.
 */
export class ActivityLogReader implements Disposable {
  readonly #database: DatabaseSync;
  readonly #path: string;
  readonly #schemaVersion: number;

  private constructor(database: DatabaseSync, path: string, schemaVersion: number) {
    this.#database = database;
    this.#path = path;
    this.#schemaVersion = schemaVersion;
  }

  /** Opens the log at `path`; an expected failure (missing, unreadable, newer) is a value. */
  static open(
    path: string,
  ): { ok: true; reader: ActivityLogReader } | { ok: false; message: string } {
    // A regular file, or nothing to read
    try {
      if (!statSync(path).isFile()) {
        return { ok: false, message: `${path} is not an activity log file` };
      }
    } catch (error) {
      return { ok: false, message: `no activity log at ${path} (${errorCode(error)})` };
    }

    // Read-only, at a schema version this build understands
    let database: DatabaseSync;
    try {
      database = new DatabaseSync(path, { readOnly: true });
      database.exec('PRAGMA busy_timeout = 5000;');
    } catch (error) {
      return { ok: false, message: `cannot open the activity log ${path}: ${String(error)}` };
    }
    const version = readUserVersion(database);
    if (version > currentSchemaVersion) {
      database.close();
      const message = `the activity log ${path} has schema version ${version}, newer than this build's ${currentSchemaVersion}`;
      return { ok: false, message };
    }
    return { ok: true, reader: new ActivityLogReader(database, path, version) };
  }

  /** One page of events newest first (see `ActivityQuery`). */
  queryPage(query: ActivityQuery): ActivityPage {
    return queryPage(this.#database, query);
  }

  /** Matching events newest first, one at a time. */
  iterate(query: ActivityQuery): Iterable<LoggedEvent> {
    return iterateEvents(this.#database, query);
  }

  /**
   * Verifies the chain with the key beside the log (or at `keyPath`). A key that cannot be read
   * for lack of permission is an unreadable input (`ok: false`); a key that is gone or damaged is
   * a broken log, since nothing can vouch for its records any more.
   */
  verify(
    keyPath: string = chainKeyPath(this.#path),
  ):
    | { ok: true; result: VerifyResult; keyFingerprint: string | null }
    | { ok: false; message: string } {
    if (this.#schemaVersion < chainSchemaVersion) {
      const detail =
        'the log predates the tamper-evident chain; the agent seals it when it next starts';
      return { ok: true, result: unverifiable(detail), keyFingerprint: null };
    }

    try {
      const key = readChainKey(keyPath);
      return {
        ok: true,
        result: verifyChain(this.#database, key.bytes),
        keyFingerprint: key.fingerprint,
      };
    } catch (error) {
      if (!(error instanceof ChainKeyError)) {
        throw error;
      }
      if (error.problem === 'unreadable') {
        return { ok: false, message: `${error.message}; run as the user the agent runs as` };
      }
      return { ok: true, result: unverifiable(error.message), keyFingerprint: null };
    }
  }

  dispose(): void {
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }
}

function unverifiable(detail: string): VerifyResult {
  return {
    intact: false,
    records: 0,
    break: { sequence: 1, eventId: null, kind: 'unverifiable', detail },
  };
}

function errorCode(error: unknown): string {
  return String((error as NodeJS.ErrnoException).code ?? error);
}
