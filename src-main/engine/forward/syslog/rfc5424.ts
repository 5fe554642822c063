import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { syslogSeverity } from '../formats/event-labels.ts';
import type { SyslogFacility } from '../forwarding-settings.ts';

/** RFC 5424 facility numbers. */
export const facilityNumbers: Record<SyslogFacility, number> = {
  user: 1,
  daemon: 3,
  auth: 4,
  authpriv: 10,
  audit: 13,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};

/**
 * Our structured data element. 32473 is the Private Enterprise Number RFC 5612 reserves for
 * documentation: until the project registers its own number with IANA, collectors should match
 * on the element name only.
 */
export const structuredDataId = 'copywarden@32473';

/** One structured data element: an SD-ID and its parameters. */
export interface StructuredDataElement {
  id: string;
  params: readonly (readonly [name: string, value: string])[];
}

/** The parts of an RFC 5424 message. */
export interface SyslogMessage {
  facility: SyslogFacility;
  /** 0 (emergency) to 7 (debug). */
  severity: number;
  /** RFC 3339 time; anything else is sent as the NILVALUE. */
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: readonly StructuredDataElement[];
  message: string;
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Formats an RFC 5424 message. Header fields are cut to their maximum lengths and any character
 * outside printable ASCII becomes `_`; a message with non-ASCII text starts with the byte order
 * mark that marks it as UTF-8.
 */
export function formatSyslogMessage(message: SyslogMessage): string {
  const pri = facilityNumbers[message.facility] * 8 + message.severity;
  const header = [
    `<${pri}>1`,
    rfc3339.test(message.timestamp) ? message.timestamp : '-',
    headerField(message.hostname, 255),
    headerField(message.appName, 48),
    headerField(message.procId, 128),
    headerField(message.msgId, 32),
  ];
  const structuredData =
    message.structuredData.length === 0 ? '-' : message.structuredData.map(formatElement).join('');

  const bom = /[^\p{ASCII}]/u.test(message.message) ? '\uFEFF' : '';
  return `${header.join(' ')} ${structuredData} ${bom}${message.message}`;
}

/** Escapes an SD-PARAM value: `"`, `\` and `]` take a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (character) => `\\${character}`);
}

/** Options for turning events into syslog messages. */
export interface EventMessageOptions {
  facility: SyslogFacility;
  hostname: string;
  procId: string;
}

/** The syslog message for an event whose payload (CEF or JSON) is `text`. */
export function eventSyslogMessage(
  event: ActivityEvent,
  text: string,
  options: EventMessageOptions,
): string {
  return formatSyslogMessage({
    facility: options.facility,
    severity: syslogSeverity[event.risk],
    timestamp: event.time,
    hostname: options.hostname,
    appName: 'copywarden',
    procId: options.procId,
    msgId: event.type,
    structuredData: [
      {
        id: structuredDataId,
        params: [
          ['eventId', event.eventId],
          ['type', event.type],
        ],
      },
    ],
    message: text,
  });
}

function headerField(value: string, maxLength: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, maxLength);
  return printable === '' ? '-' : printable;
}

/** SD-IDs and SD-NAMEs: printable ASCII except `=`, space, `]` and `"`, at most 32 characters. */
function sdName(value: string): string {
  return value.replace(/[^\x21-\x7e]|[=\]"]/g, '_').slice(0, 32);
}

function formatElement(element: StructuredDataElement): string {
  const params = element.params.map(
    ([name, value]) => ` ${sdName(name)}="${escapeParamValue(value)}"`,
  );
  return `[${sdName(element.id)}${params.join('')}]`;
}
