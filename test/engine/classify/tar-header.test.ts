import { describe, expect, it } from 'vitest';
import {
  parsePaxPath,
  parseTarHeader,
} from '../../../src-main/engine/classify/archive/tar-header.ts';
import { ByteBuilder, textBytes } from './support/bytes.ts';

/** A ustar header block (POSIX.1-2017 pax, "ustar Interchange Format") with a valid checksum. */
function ustarHeader(fields: {
  name: string;
  prefix?: string;
  size?: Uint8Array | string;
}): Uint8Array {
  const block = new ByteBuilder(512)
    .ascii(0, fields.name)
    .ascii(156, '0')
    .ascii(257, 'ustar\u000000');
  block.ascii(345, fields.prefix ?? '');
  const size = fields.size ?? '00000000000\0';
  if (typeof size === 'string') {
    block.ascii(124, size);
  } else {
    block.bytes.set(size, 124);
  }

  // The checksum counts its own field as spaces
  block.ascii(148, '        ');
  const sum = block.bytes.reduce((total, byte) => total + byte, 0);
  return block.ascii(148, `${sum.toString(8).padStart(6, '0')}\0 `).bytes;
}

/** A pax record: its length counts the whole record, the length's own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) {
    length++;
  }
  return `${length}${body}`;
}

describe('parseTarHeader', () => {
  it('joins the ustar prefix and the name', () => {
    // Act
    const header = parseTarHeader(
      ustarHeader({ name: 'job.vbk', prefix: 'exports/nightly', size: '00000001750\0' }),
    );

    // Assert
    expect(header).toEqual({ name: 'exports/nightly/job.vbk', sizeBytes: 0o1750, type: '0' });
  });

  it('reads a GNU base-256 size beyond the octal field', () => {
    // Arrange: 10 GiB, big-endian, top bit of the first byte set
    const size = new Uint8Array(12);
    size[0] = 0x80;
    new DataView(size.buffer).setBigUint64(4, 10n * 2n ** 30n, false);

    // Act
    const header = parseTarHeader(ustarHeader({ name: 'disk.img', size }));

    // Assert
    expect(header).toMatchObject({ sizeBytes: 10 * 2 ** 30 });
  });

  it('rejects a block whose checksum does not match, and ends at a zero block', () => {
    // Arrange
    const damaged = ustarHeader({ name: 'a.txt' });
    damaged[0] = 0x62;

    // Act and assert
    expect(parseTarHeader(damaged)).toBeNull();
    expect(parseTarHeader(new Uint8Array(512))).toBe('end');
    expect(parseTarHeader(new Uint8Array(100))).toBeNull();
  });
});

describe('parsePaxPath', () => {
  it('finds the path record among others', () => {
    // Arrange
    const records =
      paxRecord('mtime', '1714557600.123456789') + paxRecord('path', 'long/name/full.bak');

    // Act
    const path = parsePaxPath(textBytes(records));

    // Assert
    expect(path).toBe('long/name/full.bak');
  });

  it('gives null for records whose lengths do not add up', () => {
    expect(parsePaxPath(textBytes('99 path=x\n'))).toBeNull();
    expect(parsePaxPath(textBytes('abc'))).toBeNull();
  });
});
