import type { Detection, Detector } from '../detection.ts';
import { hexBytes } from '../detection.ts';
import type { MagicRow } from '../magic-table.ts';
import { magicTableDetector } from '../magic-table.ts';
import type { SampleView } from '../sample-view.ts';

/** POSIX.1-1988 ustar header: magic at 257, member name in the first 100 bytes. */
const tarMagicOffset = 257;
const tarNameBytes = 100;
const tarBlockBytes = 512;

/** RFC 1952: gzip header flags and the fixed header length. */
const gzipFlagExtra = 0x04;
const gzipFlagName = 0x08;
const gzipFixedHeaderBytes = 10;
const maxGzipNameBytes = 1024;

/** RAR 4 main header flag MHD_PASSWORD: the headers are encrypted (unrar headers.hpp). */
const rar4PasswordFlag = 0x0080;

/** RAR 5 header type 4 is the archive encryption header (RAR 5 technote). */
const rar5EncryptionHeaderType = 4;

/** Tar, POSIX or GNU; a tar whose first member is pg_dump's `toc.dat` is a database dump. */
export const detectTar: Detector = ({ view }) => {
  // POSIX "ustar\0" + "00", or GNU "ustar  \0"
  const isPosix = view.matches(tarMagicOffset, 'ustar\u000000');
  if (!isPosix && !view.matches(tarMagicOffset, 'ustar  \0')) {
    return null;
  }
  const memberName = readCString(view, 0, tarNameBytes);

  // pg_dump -Ft writes toc.dat first, and toc.dat starts with "PGDMP"
  if (memberName === 'toc.dat' && view.matches(tarBlockBytes, 'PGDMP')) {
    return {
      ...archive('pgdump', 'high', ['tar whose first member toc.dat starts with "PGDMP"']),
      category: 'database-dump',
      rule: 'always',
    };
  }

  const detection = archive('tar', 'high', [
    `"ustar" at offset 257 (${isPosix ? 'POSIX' : 'GNU'})`,
  ]);
  if (memberName !== null && memberName.length > 0) {
    detection.innerNames = [memberName];
  }
  return detection;
};

/** gzip: the stored original name (FNAME) is a name hint, as in `dump.sql`. */
export const detectGzip: Detector = ({ view }) => {
  if (!view.matches(0, hexBytes('1f 8b 08'))) {
    return null;
  }

  // Skip FEXTRA to reach FNAME
  const detection = archive('gzip', 'high', ['gzip magic 1F 8B with deflate at offset 0']);
  const flags = view.uint8(3) ?? 0;
  if ((flags & gzipFlagName) === 0) {
    return detection;
  }
  const nameOffset =
    (flags & gzipFlagExtra) === 0
      ? gzipFixedHeaderBytes
      : gzipFixedHeaderBytes + 2 + (view.uint16LE(gzipFixedHeaderBytes) ?? 0);

  const originalName = readCString(view, nameOffset, maxGzipNameBytes);
  if (originalName !== null && originalName.length > 0) {
    detection.innerNames = [originalName];
    detection.reasons.push(`original name "${originalName}"`);
  }
  return detection;
};

/** RAR 4 and RAR 5; both can say that their headers are encrypted. */
export const detectRar: Detector = ({ view }) => {
  if (view.matches(0, hexBytes('52 61 72 21 1a 07 00'))) {
    const flags = view.uint16LE(10);
    const detection = archive('rar', 'high', ['"Rar!" RAR 4 signature at offset 0']);
    detection.encrypted = flags !== null && (flags & rar4PasswordFlag) !== 0 ? true : null;
    return detection;
  }
  if (!view.matches(0, hexBytes('52 61 72 21 1a 07 01 00'))) {
    return null;
  }

  const detection = archive('rar', 'high', ['"Rar!" RAR 5 signature at offset 0']);
  detection.encrypted = readRar5HeaderType(view) === rar5EncryptionHeaderType ? true : null;
  return detection;
};

/** RAR 5: after the signature come a CRC32, the header size and the header type, as vints. */
function readRar5HeaderType(view: SampleView): number | null {
  const size = readVint(view, 12);
  return size === null ? null : (readVint(view, size.nextOffset)?.value ?? null);
}

/** A RAR 5 variable-length integer of at most 4 bytes, which is all a header type needs. */
function readVint(view: SampleView, offset: number): { value: number; nextOffset: number } | null {
  let value = 0;
  for (let index = 0; index < 4; index++) {
    const byte = view.uint8(offset + index);
    if (byte === null) {
      return null;
    }
    value += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) {
      return { value, nextOffset: offset + index + 1 };
    }
  }
  return null;
}

/** Compression wrappers recognised by one magic (RFC 1952, zstd and LZ4 frame formats, xz spec). */
const compressionRows: readonly MagicRow[] = [
  compressionRow('xz', hexBytes('fd 37 7a 58 5a 00'), 'xz magic FD 37 7A 58 5A 00'),
  compressionRow('zstd', hexBytes('28 b5 2f fd'), 'zstd frame magic'),
  compressionRow('lz4', hexBytes('04 22 4d 18'), 'LZ4 frame magic'),
  compressionRow('lz4', hexBytes('02 21 4c 18'), 'LZ4 legacy frame magic'),
  ...['070707', '070701', '070702'].map((magic) => compressionRow('cpio', magic, `"${magic}"`)),
];

/** xz, zstd, LZ4 and cpio. */
export const detectCompressionMagic: Detector = magicTableDetector(compressionRows);

/** bzip2: "BZh" and a block size digit (bzip2 file format). */
export const detectBzip2: Detector = ({ view }) => {
  const level = view.uint8(3);
  const isDigit = level !== null && level >= 0x31 && level <= 0x39;
  if (!view.matches(0, 'BZh') || !isDigit) {
    return null;
  }
  return archive('bzip2', 'high', [`"BZh${String.fromCharCode(level)}" at offset 0`]);
};

/** zstd skippable frames, which wrap seekable or annotated zstd streams. */
export const detectZstdSkippable: Detector = ({ view }) => {
  // Skippable frame: magic, then a 4-byte frame size, then the frame's user data
  const magic = view.uint32LE(0);
  const frameBytes = view.uint32LE(4);
  const isSkippable = magic !== null && magic >= 0x184d2a50 && magic <= 0x184d2a5f;
  if (
    !isSkippable ||
    frameBytes === null ||
    !view.matches(8 + frameBytes, hexBytes('28 b5 2f fd'))
  ) {
    return null;
  }
  return archive('zstd', 'medium', ['zstd skippable frame before a zstd frame']);
};

/** A NUL-terminated 8-bit string of at most `maxBytes`, cut short at the sample's end. */
function readCString(view: SampleView, offset: number, maxBytes: number): string | null {
  const available = Math.min(maxBytes, view.headLength - offset);
  const bytes = view.bytes(offset, Math.max(0, available));
  if (bytes === null) {
    return null;
  }
  const end = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function compressionRow(format: string, magic: Uint8Array | string, label: string): MagicRow {
  const category = 'generic-archive';
  const rule = 'when-named';
  return { format, category, offset: 0, magic, label, confidence: 'high', encrypted: false, rule };
}

function archive(
  format: string,
  confidence: Detection['confidence'],
  reasons: string[],
): Detection {
  return {
    format,
    category: 'generic-archive',
    rule: 'when-named',
    confidence,
    encrypted: false,
    reasons,
  };
}
