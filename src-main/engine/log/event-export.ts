import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { LoggedEvent } from './log-query.ts';

/** The export formats of `copywarden log export`. */
export type ExportFormat = 'csv' | 'jsonl';

/** The CSV columns, in order: the event's JSON paths, after the record's place in the chain. */
const csvColumns: readonly [string, (record: LoggedEvent) => CsvValue][] = [
  ['sequence', (record) => record.sequence],
  ['chainMac', (record) => record.chainMac],
  ['eventId', ({ event }) => event.eventId],
  ['time', ({ event }) => event.time],
  ['type', ({ event }) => event.type],
  ['user', ({ event }) => event.user],
  ['machineId', ({ event }) => event.machineId],
  ['detection', ({ event }) => event.detection],
  ['risk', ({ event }) => event.risk],
  ['file.path', ({ event }) => event.file?.path ?? null],
  ['file.name', ({ event }) => event.file?.name ?? null],
  ['file.sizeBytes', ({ event }) => event.file?.sizeBytes ?? null],
  ['file.format', ({ event }) => event.file?.format ?? null],
  ['file.category', ({ event }) => event.file?.category ?? null],
  ['file.encrypted', ({ event }) => event.file?.encrypted ?? null],
  ['file.sha256', ({ event }) => event.file?.sha256 ?? null],
  ['destination.kind', ({ event }) => event.destination?.kind ?? null],
  ['destination.id', ({ event }) => event.destination?.id ?? null],
  ['destination.label', ({ event }) => event.destination?.label ?? null],
  ['destination.provider', ({ event }) => event.destination?.provider ?? null],
  ['action', ({ event }) => event.action],
  ['outcome', ({ event }) => event.outcome],
  ['quarantineId', ({ event }) => event.quarantineId],
  ['message', ({ event }) => event.message],
];

type CsvValue = string | number | boolean | null;

/** The CSV header line (RFC 4180, CRLF-terminated). */
export function csvHeader(): string {
  return `${csvColumns.map(([name]) => name).join(',')}\r\n`;
}

/** One record as a CSV line (RFC 4180, CRLF-terminated). */
export function csvLine(record: LoggedEvent): string {
  return `${csvColumns.map(([, read]) => csvCell(read(record))).join(',')}\r\n`;
}

/** One record as a JSON Lines line: its place in the chain, then the event's fields. */
export function jsonLine(record: LoggedEvent): string {
  return `${JSON.stringify(exportedObject(record))}\n`;
}

/** The object `log --json` and the JSONL export print for a record. */
export function exportedObject(
  record: LoggedEvent,
): { sequence: number; chainMac: string | null } & ActivityEvent {
  return { sequence: record.sequence, chainMac: record.chainMac, ...record.event };
}

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
 * return, shift it into one). File names and messages come from users, so such a cell gets a
 * leading apostrophe: spreadsheets then show it as text.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** One cell: empty for null, quoted when it holds a comma, quote or line break. */
export function csvCell(value: CsvValue): string {
  if (value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    return String(value);
  }

  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
