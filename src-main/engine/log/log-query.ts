import type { DatabaseSync, SQLInputValue } from 'node:sqlite';

import type {
  ActivityEvent,
  ActivityEventType,
  DetectionName,
  EventAction,
  EventOutcome,
  EventRisk,
} from '../../../src-shared/activity-event.ts';
import { fromRow, type EventRow } from './event-row.ts';

/** A query over the activity log. Every filter given must match; results come newest first. */
export interface ActivityQuery {
  /** Only events at or after this ISO 8601 time (UTC, as the log stores it). */
  since?: string;
  /** Only events before this ISO 8601 time. */
  until?: string;
  type?: ActivityEventType;
  detection?: DetectionName;
  risk?: EventRisk;
  /** Exact user name. */
  user?: string;
  /** A destination's id or its label, exactly. */
  destination?: string;
  action?: EventAction;
  outcome?: EventOutcome;
  /** Text that the file path, file name or message contains (case-insensitive for ASCII). */
  search?: string;
  /** At most this many events; all when absent. */
  limit?: number;
  /** Skip this many matching events first (page N of size L: offset (N - 1) * L). */
  offset?: number;
  /** Continue after the last event of a previous page: that page's `nextCursor`. */
  cursor?: string;
}

/** One event with its place in the chain. */
export interface LoggedEvent {
  /** The record's position in this machine's log (what `log verify` names). */
  sequence: number;
  /** The record's chain MAC (hex); null for a row that is not chained. */
  chainMac: string | null;
  event: ActivityEvent;
}

/** One page of a query. */
export interface ActivityPage {
  records: LoggedEvent[];
  /** Pass as `cursor` for the next page; null when this was the last. */
  nextCursor: string | null;
}

/** The widest page `queryPage` returns, whatever the caller asks. */
export const maxPageSize = 10_000;

/** The default page size of `queryPage`. */
export const defaultPageSize = 100;

/** One page of matching events, newest first. */
export function queryPage(database: DatabaseSync, query: ActivityQuery): ActivityPage {
  const limit = Math.min(query.limit ?? defaultPageSize, maxPageSize);

  // Ask for one more than the page to learn whether another page follows
  const records = [...iterateEvents(database, { ...query, limit: limit + 1 })];
  const more = records.length > limit;
  const page = more ? records.slice(0, limit) : records;
  const last = page.at(-1);
  return { records: page, nextCursor: more && last !== undefined ? `s${last.sequence}` : null };
}

/** Matching events newest first, read one row at a time (for exports of any size). */
export function* iterateEvents(
  database: DatabaseSync,
  query: ActivityQuery,
): Generator<LoggedEvent> {
  const { sql, parameters } = buildSelect(query);
  const statement = database.prepare(sql);
  statement.setReadBigInts(true);
  for (const row of statement.iterate(parameters)) {
    yield toLoggedEvent(row);
  }
}

/** Builds the parameterised SELECT; values only ever travel as parameters. */
function buildSelect(query: ActivityQuery): {
  sql: string;
  parameters: Record<string, SQLInputValue>;
} {
  const conditions: string[] = [];
  const parameters: Record<string, SQLInputValue> = {};
  const where = (condition: string, name: string, value: SQLInputValue | undefined): void => {
    if (value !== undefined) {
      conditions.push(condition);
      parameters[name] = value;
    }
  };

  // Exact filters
  where('time >= :since', 'since', query.since);
  where('time < :until', 'until', query.until);
  where('type = :type', 'type', query.type);
  where('detection = :detection', 'detection', query.detection);
  where('risk = :risk', 'risk', query.risk);
  where('user = :user', 'user', query.user);
  where(
    '(destination_id = :destination OR destination_label = :destination)',
    'destination',
    query.destination,
  );
  where('action = :action', 'action', query.action);
  where('outcome = :outcome', 'outcome', query.outcome);
  where('sequence < :before', 'before', parseCursor(query.cursor));

  // Free text, with LIKE's wildcards taken literally
  where(
    "(file_path LIKE :search ESCAPE '\\' OR file_name LIKE :search ESCAPE '\\' " +
      "OR message LIKE :search ESCAPE '\\')",
    'search',
    query.search === undefined ? undefined : `%${escapeLike(query.search)}%`,
  );

  const filter = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  parameters['limit'] = query.limit ?? -1;
  parameters['offset'] = query.offset ?? 0;
  return {
    sql: `SELECT * FROM events ${filter} ORDER BY sequence DESC LIMIT :limit OFFSET :offset`,
    parameters,
  };
}

/** Escapes `\`, `%` and `_` for a LIKE pattern with ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A cursor is `s` and a sequence; anything else is a caller's bug. */
function parseCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  const match = /^s(\d{1,15})$/.exec(cursor);
  if (match === null) {
    throw new RangeError(`Not a cursor this log handed out: "${cursor}".`);
  }
  return Number(match[1]);
}

/** Rows are read with bigints so that an out-of-range integer someone wrote cannot throw. */
function toLoggedEvent(row: Record<string, unknown>): LoggedEvent {
  const chainMac = row['chain_mac'];
  const sizeBytes = row['size_bytes'];
  const encrypted = row['encrypted'];
  const eventRow = {
    ...row,
    size_bytes: sizeBytes === null ? null : Number(sizeBytes),
    encrypted: encrypted === null ? null : Number(encrypted),
  } as unknown as EventRow;

  return {
    sequence: Number(row['sequence']),
    chainMac: chainMac instanceof Uint8Array ? Buffer.from(chainMac).toString('hex') : null,
    event: fromRow(eventRow),
  };
}
