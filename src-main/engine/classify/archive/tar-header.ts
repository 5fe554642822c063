/*
 * Pure parsers for tar headers, after POSIX.1-2017 pax (ustar header block, pax extended header
 * records) and GNU tar's long-name members. They take bytes already read and never throw.
 */

/** Every tar header and data area is a whole number of these. */
export const tarBlockBytes = 512;

/** One member header, with the fields the walk needs. */
export interface TarHeader {
  /** The member name, with the ustar prefix joined on. */
  name: string;
  /** The size of the data that follows the header. */
  sizeBytes: number;
  /** The type flag: `0` file, `5` directory, `x` pax header, `L` GNU long name, ... */
  type: string;
}

/** Decodes names; one instance serves every call, since nothing is streamed. */
const utf8 = new TextDecoder('utf-8');

/** The type flags whose data names the next member. */
export const paxHeaderType = 'x';
export const gnuLongNameType = 'L';

/**
 * Parses one 512-byte header. Returns `end` for the all-zero block that ends an archive, and null
 * for a block that is not a header (its checksum does not match, or a field is malformed).
 */
export function parseTarHeader(block: Uint8Array): TarHeader | 'end' | null {
  if (block.length < tarBlockBytes) {
    return null;
  }
  if (block[0] === 0 && block.subarray(0, tarBlockBytes).every((byte) => byte === 0)) {
    return 'end';
  }

  // The checksum makes random bytes fail fast
  if (!hasValidChecksum(block)) {
    return null;
  }
  const sizeBytes = parseSize(block.subarray(124, 136));
  if (sizeBytes === null) {
    return null;
  }

  // POSIX ustar splits long names into a prefix and a name
  const name = cString(block.subarray(0, 100));
  const isPosix = latin1(block.subarray(257, 263)) === 'ustar\0';
  const prefix = isPosix ? cString(block.subarray(345, 500)) : '';
  const typeByte = block[156] ?? 0;
  return {
    name: prefix.length > 0 ? `${prefix}/${name}` : name,
    sizeBytes,
    type: typeByte === 0 ? '0' : String.fromCharCode(typeByte),
  };
}

/** The `path` record of pax extended header data, or null when it has none. */
export function parsePaxPath(data: Uint8Array): string | null {
  // Records are "<length> <key>=<value>\n", the length counting the whole record
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? null : parseDecimal(data.subarray(at, space));
    if (length === null || length <= space - at || at + length > data.length) {
      return null;
    }

    const record = utf8.decode(data.subarray(space + 1, at + length - 1));
    if (record.startsWith('path=')) {
      return record.slice('path='.length);
    }
    at += length;
  }
  return null;
}

/** GNU long-name data: the name, NUL-terminated. */
export function parseGnuLongName(data: Uint8Array): string {
  return cString(data);
}

/** Header checksum: the byte sum with the checksum field counted as spaces, unsigned or signed. */
function hasValidChecksum(block: Uint8Array): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  if (stored === null) {
    return false;
  }

  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < tarBlockBytes; index++) {
    const byte = index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 0x100 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** The size field: octal text, or GNU base-256 when the first byte's top bit is set. */
function parseSize(field: Uint8Array): number | null {
  const first = field[0] ?? 0;
  if ((first & 0x80) === 0) {
    return parseOctal(field);
  }

  let value = first & 0x7f;
  for (const byte of field.subarray(1)) {
    value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) {
      return null;
    }
  }
  return value;
}

/** Octal digits, with leading spaces and a NUL or space terminator; empty reads as 0. */
function parseOctal(field: Uint8Array): number | null {
  let value = 0;
  let index = 0;
  while (index < field.length && field[index] === 0x20) {
    index++;
  }
  for (; index < field.length; index++) {
    const byte = field[index] ?? 0;
    if (byte === 0 || byte === 0x20) {
      break;
    }
    if (byte < 0x30 || byte > 0x37) {
      return null;
    }
    value = value * 8 + (byte - 0x30);
  }
  return Number.isSafeInteger(value) ? value : null;
}

function parseDecimal(bytes: Uint8Array): number | null {
  if (bytes.length === 0 || bytes.length > 15) {
    return null;
  }
  let value = 0;
  for (const byte of bytes) {
    if (byte < 0x30 || byte > 0x39) {
      return null;
    }
    value = value * 10 + (byte - 0x30);
  }
  return value;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += String.fromCharCode(byte);
  }
  return text;
}
