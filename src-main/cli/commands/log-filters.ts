import type {
  ActivityEventType,
  DetectionName,
  EventAction,
  EventOutcome,
  EventRisk,
} from '../../../src-shared/activity-event.ts';
import type { ActivityQuery } from '../../engine/log/log-query.ts';
import { parseSince } from '../duration.ts';
import { UsageError } from '../output.ts';

/** The filter flags `log` and `log export` share, for node:util's parseArgs. */
export const logFilterOptions = {
  /** From this time on: a duration back from now (30m, 1h, 7d) or an ISO date. */
  since: { type: 'string' },
  /** Before this time, in the same forms as --since. */
  until: { type: 'string' },
  /** An event type, such as file-landed or log-checkpoint. */
  type: { type: 'string' },
  /** A detection by name ("Cloud Storage Upload") or in kebab case (cloud-storage-upload). */
  detection: { type: 'string' },
  /** none, low, medium or high. */
  risk: { type: 'string' },
  /** A user name, exactly. */
  user: { type: 'string' },
  /** A destination's id or label, exactly. */
  destination: { type: 'string' },
  /** What the policy asked for. */
  action: { type: 'string' },
  /** What happened to the file. */
  outcome: { type: 'string' },
  /** Text in the file path, file name or message. */
  search: { type: 'string' },
  /** At most N events. */
  limit: { type: 'string' },
  /** Page N (from 1) of --limit events each (50 when --limit is not given). */
  page: { type: 'string' },
  /** The data directory holding the log. */
  'data-dir': { type: 'string' },
} as const;

/** The filter usage shown by `log` and `log export`. */
export const logFilterUsage =
  '[--since 1h|1d|ISO] [--until 1h|1d|ISO] [--type T] [--detection D] [--risk R] [--user U] ' +
  '[--destination ID|LABEL] [--action A] [--outcome O] [--search TEXT] [--limit N] [--page N] ' +
  '[--data-dir DIR]';

/** The page size when --page comes without --limit. */
const defaultPageEvents = 50;

// Every value of each union, so that the compiler notices when one is added. Event types are
// only checked for shape: new ones arrive often, and an unknown one simply matches nothing.
const detections: Record<DetectionName, true> = {
  'Backup Access': true,
  'Bulk Backup Copy': true,
  'Unauthorized Device Transfer': true,
  'Cloud Storage Upload': true,
  'Network Share Transfer': true,
};
const risks: Record<EventRisk, true> = { none: true, low: true, medium: true, high: true };
const actions: Record<EventAction, true> = { audit: true, notify: true, prompt: true, block: true };
const outcomes: Record<EventOutcome, true> = {
  allowed: true,
  notified: true,
  quarantined: true,
  held: true,
  released: true,
  'block-failed': true,
  none: true,
};

/** The parsed values of `logFilterOptions`. */
export type LogFilterValues = Partial<Record<keyof typeof logFilterOptions, string | boolean>>;

/** Turns the filter flags into a query; a bad value is a UsageError naming the flag. */
export function parseLogFilters(values: LogFilterValues, now: Date = new Date()): ActivityQuery {
  const text = (name: keyof typeof logFilterOptions): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };

  // Time range
  const since = parseTime('since', text('since'), now);
  const until = parseTime('until', text('until'), now);
  if (since !== undefined && until !== undefined && since >= until) {
    throw new UsageError(`--since (${since}) must be before --until (${until})`);
  }

  // Paging
  const limit = parseCount('limit', text('limit'));
  const page = parseCount('page', text('page'));
  const pageSize = limit ?? (page === undefined ? undefined : defaultPageEvents);

  return {
    since,
    until,
    type: parseType(text('type')),
    detection: parseDetection(text('detection')),
    risk: oneOf('risk', text('risk'), risks),
    user: text('user'),
    destination: text('destination'),
    action: oneOf('action', text('action'), actions),
    outcome: oneOf('outcome', text('outcome'), outcomes),
    search: text('search'),
    limit: pageSize,
    offset: page === undefined || pageSize === undefined ? undefined : (page - 1) * pageSize,
  };
}

function parseTime(flag: string, value: string | undefined, now: Date): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const time = parseSince(value, now);
  if (time === null) {
    throw new UsageError(
      `--${flag} takes a duration such as 30m, 1h, 7d or an ISO date; got "${value}"`,
    );
  }
  return time;
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const count = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(count >= 1)) {
    throw new UsageError(`--${flag} takes a whole number of at least 1; got "${value}"`);
  }
  return count;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: Record<T, true>,
): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Object.hasOwn(allowed, value)) {
    throw new UsageError(
      `--${flag} takes one of ${Object.keys(allowed).join(', ')}; got "${value}"`,
    );
  }
  return value as T;
}

function parseType(value: string | undefined): ActivityEventType | undefined {
  if (value !== undefined && !/^[a-z]+(-[a-z]+)*$/.test(value)) {
    throw new UsageError(`--type takes an event type such as file-landed; got "${value}"`);
  }
  return value as ActivityEventType | undefined;
}

/** Accepts a detection's display name in any case, or its kebab-case form. */
function parseDetection(value: string | undefined): DetectionName | undefined {
  if (value === undefined) {
    return undefined;
  }
  const wanted = kebab(value);
  const match = (Object.keys(detections) as DetectionName[]).find((name) => kebab(name) === wanted);
  if (match === undefined) {
    const names = Object.keys(detections).map(kebab).join(', ');
    throw new UsageError(`--detection takes one of ${names}; got "${value}"`);
  }
  return match;
}

function kebab(name: string): string {
  return name.trim().toLowerCase().replaceAll(/\s+/g, '-');
}
