import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { EventFile } from '../../../src-shared/activity-event.ts';
import { toAsciiJson } from '../../../src-main/engine/forward/formats/ascii-json.ts';
import {
  escapeCefHeader,
  escapeCefValue,
  toCef,
} from '../../../src-main/engine/forward/formats/cef.ts';
import { toEcs } from '../../../src-main/engine/forward/formats/ecs.ts';
import { toOcsf } from '../../../src-main/engine/forward/formats/ocsf.ts';
import { fileEvent } from './support/events.ts';

const context = { hostname: 'laptop-7' };

/**
 * Reads a CEF line back as the CEF specification describes it: seven `|`-separated header
 * fields (with `\|` and `\\`), then `key=value` pairs where a value runs to the next unescaped
 * ` key=` and `\=`, `\\`, `\n`, `\r` are unescaped.
 */
function parseCef(line: string): { header: string[]; extension: Map<string, string> } {
  const header: string[] = [];
  let field = '';
  let index = 0;
  while (header.length < 7) {
    const character = line[index++];
    if (character === '\\') {
      field += line[index++] ?? '';
    } else if (character === '|') {
      header.push(field);
      field = '';
    } else {
      field += character ?? '';
    }
  }

  const extension = new Map<string, string>();
  const pairs = line.slice(index).split(/ (?=[A-Za-z0-9]+=)/);
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    const raw = pair.slice(separator + 1);
    const value = raw.replace(/\\(.)/g, (_, escaped: string) =>
      escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped,
    );
    extension.set(pair.slice(0, separator), value);
  }
  return { header, extension };
}

describe('toCef', () => {
  it('writes the header and the extension keys of a file event', () => {
    const event = fileEvent();

    const { header, extension } = parseCef(toCef(event, context));

    expect(header).toEqual([
      'CEF:0',
      'Copywarden',
      'Copywarden',
      expect.stringMatching(/^\d+\.\d+\.\d+/),
      'file-landed',
      'Unauthorized Device Transfer',
      '6',
    ]);
    expect(Object.fromEntries(extension)).toMatchObject({
      rt: String(Date.parse(event.time)),
      externalId: event.eventId,
      suser: 'alice',
      dvchost: 'laptop-7',
      filePath: '/media/alice/STICK/server.vhdx',
      fsize: '4096',
      fileHash: 'ab'.repeat(32),
      act: 'block',
      outcome: 'quarantined',
      cs1Label: 'detection',
      cs1: 'Unauthorized Device Transfer',
      cs6: 'q-1',
    });
  });

  it('leaves out keys whose value is null', () => {
    const event = fileEvent({ type: 'agent-started', file: null, destination: null });

    const { extension } = parseCef(toCef(event, context));

    expect(extension.has('filePath')).toBe(false);
    expect(extension.has('cs3')).toBe(false);
  });

  it('escapes header pipes and backslashes, and turns header line breaks into spaces', () => {
    expect(escapeCefHeader('a|b\\c\r\nd')).toBe('a\\|b\\\\c  d');
  });

  it('escapes extension equals signs, backslashes and line breaks', () => {
    expect(escapeCefValue('k=v\\x\r\ny')).toBe('k\\=v\\\\x\\r\\ny');
  });

  it('reads back any user, path and message exactly', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 }).map((value) =>
      // Control characters other than CR and LF are replaced on purpose; leave them out here
      value.replace(/[\p{Cc}]/gu, (character) => (/[\r\n]/.test(character) ? character : '')),
    );

    fc.assert(
      fc.property(text, text, text, (user, path, message) => {
        const file: EventFile = {
          path,
          name: 'x',
          sizeBytes: 1,
          format: null,
          category: 'unknown',
          encrypted: null,
          sha256: null,
        };
        const event = fileEvent({ user, message, file });

        const { extension } = parseCef(toCef(event, context));

        expect(extension.get('suser')).toBe(user);
        expect(extension.get('filePath')).toBe(path);
        expect(extension.get('msg')).toBe(message);
      }),
    );
  });
});

describe('toOcsf', () => {
  it('maps a quarantined file to File System Activity with a Denied action', () => {
    const event = fileEvent();

    const ocsf = toOcsf(event, context);

    expect(ocsf).toMatchObject({
      class_uid: 1001,
      category_uid: 1,
      activity_id: 1,
      type_uid: 100101,
      time: Date.parse(event.time),
      severity_id: 3,
      action_id: 2,
      disposition_id: 3,
      disposition: 'Quarantined',
      metadata: { uid: event.eventId, version: '1.5.0', product: { name: 'Copywarden' } },
      actor: { user: { name: 'alice' } },
      device: { hostname: 'laptop-7', uid: 'machine-1' },
      file: {
        path: '/media/alice/STICK/server.vhdx',
        size: 4096,
        hashes: [{ algorithm_id: 3, value: 'ab'.repeat(32) }],
      },
      unmapped: { copywarden: { destination: { kind: 'removable-volume', label: 'STICK' } } },
    });
  });

  it('maps agent events to Application Lifecycle', () => {
    const event = fileEvent({ type: 'agent-stopped', file: null, destination: null, risk: 'none' });

    const ocsf = toOcsf(event, context);

    expect(ocsf).toMatchObject({
      class_uid: 6002,
      activity_id: 4,
      type_uid: 600204,
      severity_id: 1,
    });
    expect(ocsf).not.toHaveProperty('file');
  });

  it('marks a block that failed as a failure with an Error disposition', () => {
    const event = fileEvent({ outcome: 'block-failed' });

    expect(toOcsf(event, context)).toMatchObject({ status_id: 2, disposition_id: 27 });
  });
});

describe('toEcs', () => {
  it('maps a detection to an alert in the file category', () => {
    const event = fileEvent();

    const ecs = toEcs(event, context);

    expect(ecs).toMatchObject({
      '@timestamp': event.time,
      event: {
        id: event.eventId,
        kind: 'alert',
        category: ['file'],
        type: ['creation'],
        action: 'file-landed',
        outcome: 'success',
      },
      host: { hostname: 'laptop-7', id: 'machine-1' },
      user: { name: 'alice' },
      rule: { name: 'Unauthorized Device Transfer' },
      file: { path: '/media/alice/STICK/server.vhdx', extension: 'vhdx', size: 4096 },
      copywarden: { outcome: 'quarantined', quarantine_id: 'q-1' },
    });
  });

  it('maps heartbeats to state documents', () => {
    const event = fileEvent({ type: 'heartbeat', detection: null, file: null, destination: null });

    expect(toEcs(event, context)).toMatchObject({ event: { kind: 'state' } });
  });
});

describe('toAsciiJson', () => {
  it('escapes everything outside printable ASCII and still parses to the same value', () => {
    const value = { path: '/media/ünï/файл\u2028.bak', emoji: '💾' };

    const text = toAsciiJson(value);

    expect(text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(text)).toEqual(value);
  });
  it('carries the user group in every format', () => {
    const event = fileEvent({ group: 'it-operations' });

    const { extension } = parseCef(toCef(event, context));
    const ecs = toEcs(event, context) as { user: { group?: { id: string } } };
    const ocsf = toOcsf(event, context) as { actor: { user: { groups?: { name: string }[] } } };

    expect(extension.get('flexString2')).toBe('it-operations');
    expect(extension.get('flexString2Label')).toBe('userGroup');
    expect(ecs.user.group).toEqual({ id: 'it-operations' });
    expect(ocsf.actor.user.groups).toEqual([{ name: 'it-operations' }]);
  });
});
