import type { Detection, Detector } from '../detection.ts';

import type { SampleView } from '../sample-view.ts';

/*
 * PKWARE APPNOTE.TXT: local file header (4.3.7), central directory header (4.3.12) and end of
 * central directory record (4.3.16). Offsets below are within those records.
 */
const localHeaderBytes = 30;
const centralHeaderBytes = 46;
const endRecordBytes = 22;
const maxCommentBytes = 0xffff;

/** General purpose bit 0: the entry is encrypted (APPNOTE 4.4.4). */
const encryptedFlag = 0x0001;

/** Compression method 99: WinZip AES encryption. */
const aesMethod = 99;

/** How many central directory entries to read at most. */
const maxCentralEntries = 1024;

/** ZIP-based document formats, told apart by their member names; none of them is a backup. */
interface ZipDocumentKind {
  format: string;
  category: Detection['category'];
  rule: Detection['rule'];
  encrypted: boolean | null;
  isKind: (names: readonly string[], mimeType: string | null) => boolean;
}

const zipDocumentKinds: readonly ZipDocumentKind[] = [
  document('apk', (names) => names.includes('AndroidManifest.xml')),
  document('ooxml', (names) => names.includes('[Content_Types].xml')),
  document('epub', (_names, mimeType) => mimeType === 'application/epub+zip'),
  document('odf', (_names, mimeType) => mimeType?.startsWith('application/vnd.oasis') === true),
  document('jar', (names) => names[0] === 'META-INF/' || names[0] === 'META-INF/MANIFEST.MF'),
  {
    format: '1password-export',
    category: 'credential-store',
    rule: 'always',
    encrypted: false,
    isKind: (names) => names.includes('export.data') && names.includes('export.attributes'),
  },
];

/** One entry as far as the classifier cares. */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
}

/** ZIP: a backup only by name, unless its members show a known document format. */
export const detectZip: Detector = ({ view }) => {
  if (!view.matches(0, 'PK\u0003\u0004') && !view.matches(0, 'PK\u0005\u0006')) {
    return null;
  }

  // Read the first entry, and every entry when the central directory is in the sample
  const first = readLocalEntry(view);
  const central = readCentralEntries(view);
  const entries = central ?? (first === null ? [] : [first]);
  const names = entries.map((entry) => entry.name);

  // Documents are told apart by their member names
  const kind = zipDocumentKinds.find((candidate) => candidate.isKind(names, readMimeType(view)));
  if (kind !== undefined) {
    const reasons = ['"PK\\3\\4" at offset 0', `${kind.format} member names`];
    const { format, category, rule, encrypted } = kind;
    return { format, category, rule, confidence: 'high', encrypted, reasons };
  }

  return {
    format: 'zip',
    category: 'generic-archive',
    rule: 'when-named',
    confidence: 'high',
    ...describeEncryption(entries, central !== null),
    innerNames: names.slice(0, 1),
  };
};

/** Encrypted when any entry says so; unencrypted only when every entry was seen. */
function describeEncryption(
  entries: readonly ZipEntry[],
  sawEveryEntry: boolean,
): Pick<Detection, 'encrypted' | 'reasons'> {
  const reasons = ['"PK\\3\\4" at offset 0'];
  const encryptedEntries = entries.filter((entry) => (entry.flags & encryptedFlag) !== 0);
  if (entries.some((entry) => entry.method === aesMethod)) {
    reasons.push('WinZip AES method 99');
  }

  if (encryptedEntries.length > 0) {
    reasons.push(`${encryptedEntries.length} of ${entries.length} entries encrypted`);
    return { encrypted: true, reasons };
  }
  if (sawEveryEntry) {
    reasons.push(`none of ${entries.length} entries encrypted`);
    return { encrypted: false, reasons };
  }
  return { encrypted: null, reasons };
}

function readLocalEntry(view: SampleView): ZipEntry | null {
  const flags = view.uint16LE(6);
  const method = view.uint16LE(8);
  const nameBytes = view.uint16LE(26);
  if (flags === null || method === null || nameBytes === null) {
    return null;
  }

  const name = view.bytes(localHeaderBytes, nameBytes);
  return name === null ? null : { name: decodeName(name), flags, method };
}

/** The stored content of a first member named `mimetype` (EPUB OCF, ODF packaging). */
function readMimeType(view: SampleView): string | null {
  const nameBytes = view.uint16LE(26);
  const extraBytes = view.uint16LE(28);
  const storedBytes = view.uint32LE(18);
  if (nameBytes !== 8 || extraBytes === null || storedBytes === null || storedBytes > 100) {
    return null;
  }
  if (!view.matches(localHeaderBytes, 'mimetype')) {
    return null;
  }
  return view.latin1(localHeaderBytes + nameBytes + extraBytes, storedBytes);
}

/** Every central directory entry, or null when the directory is not wholly in the sample. */
function readCentralEntries(view: SampleView): ZipEntry[] | null {
  // Find the end record: its comment must run exactly to the end of the file
  const endOffset = findEndRecord(view);
  if (endOffset === null) {
    return null;
  }
  const entryCount = view.uint16LE(endOffset + 10) ?? 0;
  let offset = view.uint32LE(endOffset + 16) ?? 0;
  if (entryCount > maxCentralEntries) {
    return null;
  }

  // Walk the entries, each of which must be within the sample
  const entries: ZipEntry[] = [];
  for (let index = 0; index < entryCount; index++) {
    const entry = readCentralEntry(view, offset);
    if (entry === null) {
      return null;
    }
    entries.push(entry.entry);
    offset = entry.nextOffset;
  }
  return entries;
}

function findEndRecord(view: SampleView): number | null {
  const searchBytes = Math.min(view.tailLength, endRecordBytes + maxCommentBytes);
  for (let distance = endRecordBytes; distance <= searchBytes; distance++) {
    const offset = view.sizeBytes - distance;
    if (view.matches(offset, 'PK\u0005\u0006') && view.uint16LE(offset + 20) === distance - 22) {
      return offset;
    }
  }
  return null;
}

function readCentralEntry(
  view: SampleView,
  offset: number,
): { entry: ZipEntry; nextOffset: number } | null {
  // Fixed part, then the three variable fields
  const fixed = view.bytes(offset, centralHeaderBytes);
  if (fixed === null || !view.matches(offset, 'PK\u0001\u0002')) {
    return null;
  }
  const nameBytes = view.uint16LE(offset + 28) ?? 0;
  const extraBytes = view.uint16LE(offset + 30) ?? 0;
  const commentBytes = view.uint16LE(offset + 32) ?? 0;
  const name = view.bytes(offset + centralHeaderBytes, nameBytes);
  if (name === null) {
    return null;
  }

  const entry = {
    name: decodeName(name),
    flags: view.uint16LE(offset + 8) ?? 0,
    method: view.uint16LE(offset + 10) ?? 0,
  };
  return { entry, nextOffset: offset + centralHeaderBytes + nameBytes + extraBytes + commentBytes };
}

function decodeName(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function document(
  format: string,
  isKind: (names: readonly string[], mimeType: string | null) => boolean,
): ZipDocumentKind {
  return { format, category: 'generic-archive', rule: 'never', encrypted: null, isKind };
}
