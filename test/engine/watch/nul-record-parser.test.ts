import { describe, expect, it } from 'vitest';

import {
  decodeHelperRecord,
  encodeAddCommand,
  helperRecordFieldCount,
} from '../../../src-main/engine/watch/helper-protocol.ts';
import { NulRecordParser } from '../../../src-main/engine/watch/nul-record-parser.ts';

function encode(fields: string[]): Buffer {
  return Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
}

describe('NulRecordParser', () => {
  it('splits whole records by the field count of their kind', () => {
    const parser = new NulRecordParser(helperRecordFieldCount);

    const records = parser.push(
      Buffer.concat([encode(['ready', '/a']), encode(['file', 'close-write', '/a', '/a/b'])]),
    );

    expect(records).toEqual([
      ['ready', '/a'],
      ['file', 'close-write', '/a', '/a/b'],
    ]);
    expect(parser.hasPendingInput).toBe(false);
  });

  it('joins a record split at every byte', () => {
    const parser = new NulRecordParser(helperRecordFieldCount);
    const bytes = encode(['fail', '/media/usb', 'the volume was unmounted']);

    const records = [...bytes].flatMap((byte) => parser.push(Buffer.from([byte])));

    expect(records).toEqual([['fail', '/media/usb', 'the volume was unmounted']]);
  });

  it('keeps a partial record until its last field arrives', () => {
    const parser = new NulRecordParser(helperRecordFieldCount);
    const bytes = encode(['log', 'warn', 'queue overflow']);
    const cut = bytes.indexOf('queue');

    const first = parser.push(bytes.subarray(0, cut));
    const pendingAfterFirst = parser.hasPendingInput;
    const second = parser.push(bytes.subarray(cut));

    expect(first).toEqual([]);
    expect(pendingAfterFirst).toBe(true);
    expect(second).toEqual([['log', 'warn', 'queue overflow']]);
  });

  it('keeps newlines, tabs and multi-byte characters split across chunks', () => {
    const parser = new NulRecordParser(helperRecordFieldCount);
    const path = '/r/line\nbreak\tand é€😀';
    const bytes = encode(['file', 'moved-in', '/r', path]);
    const emojiStart = bytes.indexOf(Buffer.from('😀'));

    const records = [
      ...parser.push(bytes.subarray(0, emojiStart + 2)),
      ...parser.push(bytes.subarray(emojiStart + 2)),
    ];

    expect(records).toEqual([['file', 'moved-in', '/r', path]]);
  });

  it('skips unknown kinds one field at a time and recovers on the next record', () => {
    const parser = new NulRecordParser(helperRecordFieldCount);

    const records = parser.push(Buffer.concat([encode(['bogus']), encode(['ready', '/a'])]));

    expect(records.map(decodeHelperRecord)).toEqual([
      { kind: 'unknown', fields: ['bogus'] },
      { kind: 'ready', root: '/a' },
    ]);
  });
});

describe('helper protocol', () => {
  it('decodes a file record with a known reason', () => {
    const record = decodeHelperRecord(['file', 'catch-up', '/r', '/r/x.bak']);

    expect(record).toEqual({ kind: 'file', reason: 'catch-up', root: '/r', path: '/r/x.bak' });
  });

  it('treats a file record with an unknown reason as unknown', () => {
    const record = decodeHelperRecord(['file', 'guessed', '/r', '/r/x.bak']);

    expect(record.kind).toBe('unknown');
  });

  it('encodes an add command with whole milliseconds', () => {
    const command = encodeAddCommand('/media/usb', 1_700_000_000_123.7);

    expect(command.toString('utf8')).toBe('add\0/media/usb\x001700000000123\0');
  });

  it('refuses a field holding a NUL character', () => {
    expect(() => encodeAddCommand('/bad\0path', 0)).toThrow(/NUL/);
  });
});
