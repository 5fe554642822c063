import type { Detection, Detector } from '../detection.ts';
import { hexBytes } from '../detection.ts';
import type { MagicRow } from '../magic-table.ts';
import { magicTableDetector } from '../magic-table.ts';

/** pg_dump archive header: "PGDMP", version bytes, then the format code at 10 (WriteHead). */
const pgDumpFormatOffset = 10;
const pgDumpFormats: Readonly<Record<number, string>> = {
  1: 'custom format',
  3: 'tar or directory format table of contents',
  5: 'directory format',
};

/** ESE database signature 0x89ABCDEF at offset 4, little-endian (file magic "database"). */
const eseSignature = 0x89abcdef;

/** ESE files that hold credentials rather than ordinary data. */
const credentialEseNames: readonly string[] = ['ntds.dit'];

/** PostgreSQL custom-format dump, and the `toc.dat` of a directory-format dump. */
export const detectPgDump: Detector = ({ view }) => {
  if (!view.matches(0, 'PGDMP')) {
    return null;
  }

  // Describe the version and the archive format
  const reasons = ['"PGDMP" at offset 0'];
  const major = view.uint8(5);
  const minor = view.uint8(6);
  if (major !== null && minor !== null) {
    reasons.push(`archive version ${major}.${minor}`);
  }
  const formatName = pgDumpFormats[view.uint8(pgDumpFormatOffset) ?? -1];
  if (formatName !== undefined) {
    reasons.push(formatName);
  }

  return databaseDump('pgdump', 'high', reasons);
};

/** SQLite 3: an application database unless its name says backup or dump. */
export const detectSqlite: Detector = ({ view }) => {
  if (!view.matches(0, 'SQLite format 3\0')) {
    return null;
  }
  const detection = databaseDump('sqlite', 'high', ['"SQLite format 3\\0" at offset 0']);
  return { ...detection, rule: 'when-named' };
};

/** ESE ("JET Blue"): Active Directory's ntds.dit is a credential store; Exchange `.edb` a mailbox. */
export const detectEse: Detector = ({ view, name }) => {
  if (view.uint32LE(4) !== eseSignature) {
    return null;
  }

  // Which product wrote it can only be told by name
  const reasons = ['ESE signature 0x89ABCDEF at offset 4'];
  const lowerName = name.baseName.toLowerCase();
  if (credentialEseNames.includes(lowerName)) {
    reasons.push(`${lowerName}: Active Directory database`);
    return { ...databaseDump('ese', 'high', reasons), category: 'credential-store' };
  }
  if (name.extension === 'edb') {
    reasons.push('.edb name');
    return databaseDump('ese', 'medium', reasons);
  }
  return { ...databaseDump('ese', 'high', reasons), rule: 'when-named' };
};

/** Redis snapshot: "REDIS" and a four-digit RDB version (file magic "database"). */
export const detectRedisRdb: Detector = ({ view }) => {
  const start = view.latin1(0, 9);
  if (start === null || !/^REDIS\d{4}$/.test(start)) {
    return null;
  }
  return databaseDump('redis-rdb', 'high', [`"${start}" at offset 0`]);
};

/** Database dump formats recognised by one fixed magic. */
const databaseRows: readonly MagicRow[] = [
  dumpRow('mongodump-archive', 0, hexBytes('6d e2 99 81'), 'mongodump archive magic', false),
  dumpRow('xbstream', 0, 'XBSTCK01', '"XBSTCK01"', null),
  dumpRow('xbcrypt', 0, 'XBCRYP0', '"XBCRYP0" encrypted backup', true),
  dumpRow('oracle-exp', 0, hexBytes('03 00 01 45 58 50 4f 52 54 3a 56'), '"EXPORT:V"', false),
];

/** Fixed-magic database dumps (file magic "database", mongo-tools, Percona xbstream.h). */
export const detectDatabaseMagic: Detector = magicTableDetector(databaseRows);

function dumpRow(
  format: string,
  offset: number,
  magic: Uint8Array | string,
  label: string,
  encrypted: boolean | null,
): MagicRow {
  return { format, category: 'database-dump', offset, magic, label, confidence: 'high', encrypted };
}

function databaseDump(
  format: string,
  confidence: Detection['confidence'],
  reasons: string[],
): Detection {
  return {
    format,
    category: 'database-dump',
    rule: 'always',
    confidence,
    encrypted: false,
    reasons,
  };
}
