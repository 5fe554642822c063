import type { FinishReason } from './watch-backend.ts';

/** The levels of the helper's diagnostic lines. */
export type HelperLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One record sent by the Linux watcher helper (native/linux-watch/README.md). */
export type HelperRecord =
  | { kind: 'file'; reason: FinishReason; root: string; path: string }
  | { kind: 'ready'; root: string }
  | { kind: 'removed'; root: string }
  | { kind: 'fail'; root: string; message: string }
  | { kind: 'log'; level: HelperLogLevel; message: string }
  /** A record this side does not understand: a protocol bug, to be logged. */
  | { kind: 'unknown'; fields: string[] };

const fieldCounts: Record<string, number> = { file: 4, ready: 2, removed: 2, fail: 3, log: 3 };

const helperReasons = new Set<string>(['close-write', 'moved-in', 'catch-up']);
const logLevels = new Set<string>(['debug', 'info', 'warn', 'error']);

/** The number of fields of a record of `kind`, the kind included; 1 for unknown kinds. */
export function helperRecordFieldCount(kind: string): number {
  return fieldCounts[kind] ?? 1;
}

/** Types the fields of one complete record. */
export function decodeHelperRecord(fields: string[]): HelperRecord {
  const [kind = '', first = '', second = '', third = ''] = fields;

  switch (kind) {
    case 'file':
      return helperReasons.has(first)
        ? { kind, reason: first as FinishReason, root: second, path: third }
        : { kind: 'unknown', fields };
    case 'ready':
    case 'removed':
      return { kind, root: first };
    case 'fail':
      return { kind, root: first, message: second };
    case 'log':
      return logLevels.has(first)
        ? { kind, level: first as HelperLogLevel, message: second }
        : { kind: 'unknown', fields };
    default:
      return { kind: 'unknown', fields };
  }
}

/** The `add` command: arm `root`, catching up on files changed at or after `sinceMs`. */
export function encodeAddCommand(root: string, sinceMs: number): Buffer {
  return encodeFields(['add', root, String(Math.floor(sinceMs))]);
}

/** The `remove` command. */
export function encodeRemoveCommand(root: string): Buffer {
  return encodeFields(['remove', root]);
}

function encodeFields(fields: string[]): Buffer {
  if (fields.some((field) => field.includes('\0'))) {
    throw new Error('A helper command field must not contain a NUL character.');
  }
  return Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
}
