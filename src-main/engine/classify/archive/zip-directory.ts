/*
 * Pure parsers for the end of a ZIP file, after PKWARE's APPNOTE.TXT: the end of central
 * directory record (4.3.16), the zip64 end record and its locator (4.3.14, 4.3.15), and central
 * directory headers (4.3.12) with the zip64 extended information extra field (4.5.3). They take
 * bytes already read and never throw: a field that points anywhere gives null or a shorter list.
 */

const endRecordBytes = 22;
const maxCommentBytes = 0xffff;
const zip64LocatorBytes = 20;
const centralHeaderBytes = 46;

/** The zip64 end record's fixed part, which is all the classifier needs of it. */
export const zip64EndRecordBytes = 56;

/** A 16- or 32-bit field holding this value means "see the zip64 record". */
const saturated16 = 0xffff;
const saturated32 = 0xffffffff;

/** Extra field id of the zip64 extended information. */
const zip64ExtraId = 0x0001;

/** One central directory entry, as far as the classifier cares. */
export interface ZipEntry {
  name: string;
  /** General purpose bit flags; bit 0 means encrypted. */
  flags: number;
  /** Compression method; 99 is WinZip AES. */
  method: number;
  /** The uncompressed size as the directory states it. */
  uncompressedBytes: number;
}

/** Where the central directory is, as an end record states it. */
export interface DirectoryFields {
  entryCount: number;
  directoryBytes: number;
  directoryOffset: number;
}

/** The end of central directory record. */
export interface EndRecord extends DirectoryFields {
  /** The record's file offset. */
  offset: number;
  /** The zip64 end record's file offset, when a field is saturated and the locator was read. */
  zip64RecordOffset: number | null;
}

/** A central directory placed within the file: where to read, and how many entries to expect. */
export interface DirectoryLocation {
  offset: number;
  length: number;
  entryCount: number;
}

/**
 * Finds the end record in `bytes`, the last `bytes.length` bytes of a file of `sizeBytes`. The
 * record's comment must run exactly to the end of the file, which rules out a stray signature.
 */
export function findEndRecord(bytes: Uint8Array, sizeBytes: number): EndRecord | null {
  // The bytes are the end of the file: never more of them than the file holds
  const tail = bytes.subarray(Math.max(0, bytes.length - Math.max(0, sizeBytes)));
  const tailStart = sizeBytes - tail.length;
  const view = dataView(tail);
  const searchBytes = Math.min(tail.length, endRecordBytes + maxCommentBytes);

  for (let distance = endRecordBytes; distance <= searchBytes; distance++) {
    const at = tail.length - distance;
    if (
      tail[at] !== 0x50 ||
      !hasSignature(tail, at, 0x06054b50) ||
      view.getUint16(at + 20, true) !== distance - 22
    ) {
      continue;
    }

    // Read the fields, and the zip64 locator when a field is saturated
    const fields = {
      entryCount: view.getUint16(at + 10, true),
      directoryBytes: view.getUint32(at + 12, true),
      directoryOffset: view.getUint32(at + 16, true),
    };
    const isZip64 =
      fields.entryCount === saturated16 ||
      fields.directoryBytes === saturated32 ||
      fields.directoryOffset === saturated32;
    const zip64RecordOffset = isZip64 ? readZip64Locator(tail, at - zip64LocatorBytes) : null;
    return { offset: tailStart + at, ...fields, zip64RecordOffset };
  }
  return null;
}

/** The zip64 end record's fields, from bytes read at the offset the locator gave. */
export function parseZip64EndRecord(bytes: Uint8Array): DirectoryFields | null {
  if (bytes.length < zip64EndRecordBytes || !hasSignature(bytes, 0, 0x06064b50)) {
    return null;
  }
  const view = dataView(bytes);
  const entryCount = toSafeNumber(view.getBigUint64(32, true));
  const directoryBytes = toSafeNumber(view.getBigUint64(40, true));
  const directoryOffset = toSafeNumber(view.getBigUint64(48, true));
  if (entryCount === null || directoryBytes === null || directoryOffset === null) {
    return null;
  }
  return { entryCount, directoryBytes, directoryOffset };
}

/**
 * Where the directory may be, before `limitOffset` (the record that follows it): at the offset
 * the record states, and else ending right at the limit, as in an archive behind a stub that
 * did not adjust its offsets. Candidates outside the file are left out.
 */
export function locateDirectory(fields: DirectoryFields, limitOffset: number): DirectoryLocation[] {
  const { entryCount, directoryBytes, directoryOffset } = fields;
  if (directoryBytes > limitOffset) {
    return [];
  }
  const offsets = [directoryOffset, limitOffset - directoryBytes].filter(
    (offset, index, all) => offset + directoryBytes <= limitOffset && all.indexOf(offset) === index,
  );
  return offsets.map((offset) => ({ offset, length: directoryBytes, entryCount }));
}

/**
 * Parses central directory headers from the start of `bytes`, at most `maxEntries` of them. Stops
 * at the first header that is cut short or lacks its signature.
 */
export function parseCentralDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = dataView(bytes);
  const entries: ZipEntry[] = [];
  let at = 0;

  while (entries.length < maxEntries && at + centralHeaderBytes <= bytes.length) {
    // The fixed part, then name, extra field and comment, all within the bytes
    if (view.getUint32(at, true) !== 0x02014b50) {
      break;
    }
    const nameBytes = view.getUint16(at + 28, true);
    const extraBytes = view.getUint16(at + 30, true);
    const commentBytes = view.getUint16(at + 32, true);
    const nameStart = at + centralHeaderBytes;
    const next = nameStart + nameBytes + extraBytes + commentBytes;
    if (next > bytes.length) {
      break;
    }

    const extra = bytes.subarray(nameStart + nameBytes, nameStart + nameBytes + extraBytes);
    entries.push({
      name: decodeName(bytes.subarray(nameStart, nameStart + nameBytes)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      uncompressedBytes: readUncompressedBytes(view.getUint32(at + 24, true), extra),
    });
    at = next;
  }
  return entries;
}

/** The uncompressed size, from the zip64 extra field when the 32-bit field is saturated. */
function readUncompressedBytes(stated: number, extra: Uint8Array): number {
  if (stated !== saturated32) {
    return stated;
  }

  // Walk the extra field's (id, size, data) blocks to the zip64 one
  const view = dataView(extra);
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === zip64ExtraId && size >= 8 && at + 12 <= extra.length) {
      return toSafeNumber(view.getBigUint64(at + 4, true)) ?? Number.MAX_SAFE_INTEGER;
    }
    at += 4 + size;
  }
  return stated;
}

function readZip64Locator(tail: Uint8Array, at: number): number | null {
  if (at < 0 || !hasSignature(tail, at, 0x07064b50)) {
    return null;
  }
  return toSafeNumber(dataView(tail).getBigUint64(at + 8, true));
}

function hasSignature(bytes: Uint8Array, at: number, signature: number): boolean {
  return at >= 0 && at + 4 <= bytes.length && dataView(bytes).getUint32(at, true) === signature;
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toSafeNumber(value: bigint): number | null {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
}

/** Decodes names; one instance serves every call, since nothing is streamed. */
const utf8 = new TextDecoder('utf-8');

/** Names are UTF-8 when flag bit 11 is set and CP437 otherwise; ASCII reads the same in both. */
function decodeName(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
