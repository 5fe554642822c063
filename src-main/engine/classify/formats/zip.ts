import type { ZipEntry } from '../archive/zip-directory.ts';
import { findEndRecord, locateDirectory, parseCentralDirectory } from '../archive/zip-directory.ts';
import type { Detection, Detector } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/* PKWARE APPNOTE.TXT: the local file header (4.3.7) is 30 bytes before its name. */
const localHeaderBytes = 30;

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

/**
 * A zip behind a prefix: a self-extractor stub, or bytes put in front to hide the magic. It is
 * found by its end record, whose comment must run exactly to the end of the file; the members
 * are listed later, when the classifier looks inside.
 */
export const detectPrefixedZip: Detector = ({ view }) => {
  const tail = view.bytesFromEnd(view.tailLength, view.tailLength);
  if (tail === null || findEndRecord(tail, view.sizeBytes) === null) {
    return null;
  }
  return {
    format: 'zip',
    category: 'generic-archive',
    rule: 'when-named',
    confidence: 'medium',
    encrypted: null,
    reasons: ['zip end of central directory record in the tail, behind a prefix'],
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
  const uncompressedBytes = view.uint32LE(22) ?? 0;
  return name === null ? null : { name: decodeName(name), flags, method, uncompressedBytes };
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
  // The end record, found in the tail
  const tail = view.bytesFromEnd(view.tailLength, view.tailLength);
  const end = tail === null ? null : findEndRecord(tail, view.sizeBytes);
  if (end === null || end.zip64RecordOffset !== null) {
    return null;
  }

  // The whole directory must be in the sample
  for (const location of locateDirectory(end, end.offset)) {
    const bytes = view.bytes(location.offset, location.length);
    if (bytes === null || location.entryCount > maxCentralEntries) {
      continue;
    }
    const entries = parseCentralDirectory(bytes, location.entryCount);
    if (entries.length === location.entryCount) {
      return entries;
    }
  }
  return null;
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
