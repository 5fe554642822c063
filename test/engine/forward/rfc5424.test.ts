import { describe, expect, it } from 'vitest';

import { frameOctetCounted } from '../../../src-main/engine/forward/syslog/octet-counting.ts';
import {
  escapeParamValue,
  eventSyslogMessage,
  formatSyslogMessage,
  type SyslogMessage,
} from '../../../src-main/engine/forward/syslog/rfc5424.ts';
import { fileEvent } from './support/events.ts';

function message(overrides: Partial<SyslogMessage> = {}): SyslogMessage {
  return {
    facility: 'auth',
    severity: 4,
    timestamp: '2026-12-03T10:00:00.125Z',
    hostname: 'laptop-7',
    appName: 'copywarden',
    procId: '42',
    msgId: 'file-landed',
    structuredData: [],
    message: 'hello',
    ...overrides,
  };
}

describe('formatSyslogMessage', () => {
  it('writes PRI, version and the header fields in order', () => {
    const text = formatSyslogMessage(message({ facility: 'local4', severity: 3 }));

    expect(text).toBe('<163>1 2026-12-03T10:00:00.125Z laptop-7 copywarden 42 file-landed - hello');
  });

  it('escapes quote, backslash and closing bracket in structured data values', () => {
    const text = formatSyslogMessage(
      message({ structuredData: [{ id: 'x@32473', params: [['path', 'a"b\\c]d']] }] }),
    );

    expect(text).toContain('[x@32473 path="a\\"b\\\\c\\]d"]');
    expect(escapeParamValue('plain')).toBe('plain');
  });

  it('replaces characters a header field cannot hold and cuts it to length', () => {
    const text = formatSyslogMessage(
      message({ hostname: 'my laptop', msgId: 'm'.repeat(40), procId: '' }),
    );

    expect(text.split(' ').slice(2, 6)).toEqual(['my_laptop', 'copywarden', '-', 'm'.repeat(32)]);
  });

  it('sends a time that is not RFC 3339 as the nil value', () => {
    expect(formatSyslogMessage(message({ timestamp: 'yesterday' }))).toContain('<36>1 - laptop-7');
  });

  it('marks a UTF-8 message with the byte order mark, and an ASCII one not', () => {
    expect(formatSyslogMessage(message({ message: 'Bücher.bak' }))).toMatch(/ \uFEFFBücher\.bak$/);
    expect(formatSyslogMessage(message())).not.toContain('\uFEFF');
  });
});

describe('eventSyslogMessage', () => {
  it('carries the event id and type in structured data and the risk in the severity', () => {
    const event = fileEvent({ risk: 'high' });

    const text = eventSyslogMessage(event, 'payload', {
      facility: 'auth',
      hostname: 'h',
      procId: '1',
    });

    expect(text.startsWith('<35>1 ')).toBe(true);
    expect(text).toContain(
      `[copywarden@32473 eventId="${event.eventId}" type="file-landed"] payload`,
    );
  });
});

describe('frameOctetCounted', () => {
  it('prefixes the length in bytes, not characters', () => {
    const frame = frameOctetCounted('ü');

    expect(frame.toString('utf8')).toBe('2 ü');
  });
});
