import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type {
  ExportResult,
  LogFilters,
  LogIntegrity,
  LogPage,
  LogQuery,
} from '../../../src-shared/bridge.ts';
import { csvHeader, csvLine } from '../../engine/log/event-export.ts';
import { activityLogPath, ActivityLogReader } from '../../engine/log/log-file.ts';

/**
 * The activity log as the helpdesk views read it: opened read-only for each request (the
 * engine keeps writing it meanwhile), never changed from here.
 */
export class LogAccess {
  readonly #path: string;

  constructor(dataDir: string) {
    this.#path = activityLogPath(dataDir);
  }

  /** One page of matching events, newest first; an empty page when there is no log yet. */
  queryPage(query: LogQuery): LogPage {
    const opened = ActivityLogReader.open(this.#path);
    if (!opened.ok) {
      return { records: [], nextCursor: null };
    }
    try {
      const page = opened.reader.queryPage(query);
      return {
        records: page.records.map(({ sequence, event }) => ({ sequence, event })),
        nextCursor: page.nextCursor,
      };
    } finally {
      opened.reader.dispose();
    }
  }

  /** Checks the chain, as `copywarden log verify` does. */
  verify(now: Date = new Date()): LogIntegrity {
    const checkedAt = now.toISOString();
    const opened = ActivityLogReader.open(this.#path);
    if (!opened.ok) {
      return { state: 'unavailable', message: opened.message, checkedAt };
    }

    // Verify, then describe
    let verified: ReturnType<ActivityLogReader['verify']>;
    try {
      verified = opened.reader.verify();
    } finally {
      opened.reader.dispose();
    }
    if (!verified.ok) {
      return { state: 'unavailable', message: verified.message, checkedAt };
    }
    const { result } = verified;
    if (result.intact) {
      return {
        state: 'intact',
        records: result.records,
        headSequence: result.head.sequence,
        checkedAt,
      };
    }
    return { state: 'broken', records: result.records, ...result.break, checkedAt };
  }

  /**
   * Writes every event matching `filters` to `path` as CSV (the columns of `log export`),
   * streaming, so that an export of any size stays within a page of memory. The file is
   * readable by its owner only: it names users and their files.
   */
  async exportCsv(filters: LogFilters, path: string): Promise<ExportResult> {
    const opened = ActivityLogReader.open(this.#path);
    if (!opened.ok) {
      return { ok: false, cancelled: false, message: opened.message };
    }

    let records = 0;
    function* lines(reader: ActivityLogReader): Generator<string> {
      yield csvHeader();
      for (const record of reader.iterate(filters)) {
        records++;
        yield csvLine(record);
      }
    }
    try {
      await pipeline(Readable.from(lines(opened.reader)), createWriteStream(path, { mode: 0o600 }));
      return { ok: true, path, records };
    } catch (error) {
      return { ok: false, cancelled: false, message: `could not write ${path}: ${String(error)}` };
    } finally {
      opened.reader.dispose();
    }
  }
}
