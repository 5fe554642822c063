import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { cefSeverity, epochMs, eventTitle } from './event-labels.ts';
import { product, type FormatContext } from './product.ts';

/** The longest value CEF's key dictionary allows for most string keys; longer values are cut. */
export const maxCefValueChars = 1023;

/**
 * Escapes a CEF header field: backslash and pipe are escaped; a header cannot hold a line break,
 * so CR and LF become spaces, as do other control characters.
 */
export function escapeCefHeader(value: string): string {
  return value.replace(/[\\|]/g, (character) => `\\${character}`).replace(/\p{Cc}/gu, ' ');
}

/**
 * Escapes a CEF extension value: backslash and equals sign are escaped, CR and LF are written as
 * `\r` and `\n`, and other control characters become spaces.
 */
export function escapeCefValue(value: string): string {
  return value
    .replace(/[\\=]/g, (character) => `\\${character}`)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\p{Cc}/gu, ' ');
}

/**
 * Formats an event as one CEF line (`CEF:0|vendor|product|version|class|name|severity|ext`).
 * The device event class is the event type; the name is the detection or the type's title.
 */
export function toCef(event: ActivityEvent, context: FormatContext): string {
  const header = [
    'CEF:0',
    escapeCefHeader(product.vendor),
    escapeCefHeader(product.name),
    escapeCefHeader(product.version),
    escapeCefHeader(event.type),
    escapeCefHeader(eventTitle(event)),
    String(cefSeverity[event.risk]),
  ];

  const extension = extensionFields(event, context)
    .filter((field): field is [string, string | number] => field[1] !== null)
    .map(([key, value]) => `${key}=${escapeCefValue(truncate(String(value)))}`);
  return `${header.join('|')}|${extension.join(' ')}`;
}

/** The extension keys, in order, from CEF's key dictionary; null values are left out. */
function extensionFields(
  event: ActivityEvent,
  context: FormatContext,
): [string, string | number | null][] {
  const file = event.file;
  const destination = event.destination;
  const encrypted = file?.encrypted ?? null;

  return [
    ['rt', epochMs(event)],
    ['externalId', event.eventId],
    ['suser', event.user],
    ['dvchost', context.hostname],
    ['deviceExternalId', event.machineId],
    ['act', event.action],
    ['outcome', event.outcome],
    ['fname', file?.name ?? null],
    ['filePath', file?.path ?? null],
    ['fsize', file?.sizeBytes ?? null],
    ['fileHash', file?.sha256 ?? null],
    ['fileType', file?.format ?? null],
    ...labelled('flexString1', 'fileCategory', file?.category ?? null),
    ...labelled('cn1', 'fileEncrypted', encrypted === null ? null : Number(encrypted)),
    ...labelled('cs1', 'detection', event.detection),
    ...labelled('cs2', 'risk', event.risk),
    ...labelled('cs3', 'destinationKind', destination?.kind ?? null),
    ...labelled('cs4', 'destinationLabel', destination?.label ?? null),
    ...labelled('cs5', 'destinationId', destination?.id ?? null),
    ...labelled('cs6', 'quarantineId', event.quarantineId),
    ['destinationServiceName', destination?.provider ?? null],
    ...labelled('flexString2', 'userGroup', event.group),
    ['msg', event.message],
  ];
}

/** A custom key and its label key, both left out when the value is null. */
function labelled(
  key: string,
  label: string,
  value: string | number | null,
): [string, string | number | null][] {
  return value === null
    ? []
    : [
        [`${key}Label`, label],
        [key, value],
      ];
}

function truncate(value: string): string {
  return value.length > maxCefValueChars ? value.slice(0, maxCefValueChars) : value;
}
