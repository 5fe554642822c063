import type { Detection, Detector } from '../detection.ts';
import { hexBytes } from '../detection.ts';
import type { MagicRow } from '../magic-table.ts';
import { magicTableDetector } from '../magic-table.ts';

/** PST/OST/PAB client magic at offset 8 (MS-PST 2.2.2.6: "SM" PST, "SO" OST, "AB" PAB). */
const pstClients: Readonly<Record<string, string>> = { SM: 'PST', SO: 'OST', AB: 'PAB' };

/** MS-PST: file versions 14 and 15 are ANSI; 23 and above are Unicode. */
const firstUnicodePstVersion = 23;

/** MS-PST bCryptMethod offsets in the ANSI and the Unicode header. */
const ansiCryptMethodOffset = 461;
const unicodeCryptMethodOffset = 513;

/** MS-PST bCryptMethod values; 1 is a byte permutation, not encryption. */
const pstCryptMethods: Readonly<Record<number, { label: string; encrypted: boolean }>> = {
  0: { label: 'no encoding', encrypted: false },
  1: { label: 'compressible encoding (not encryption)', encrypted: false },
  2: { label: 'high encoding', encrypted: true },
  16: { label: 'Windows Information Protection', encrypted: true },
};

/** Outlook PST/OST: a mailbox export; its header tells whether it is encoded. */
export const detectPst: Detector = ({ view }) => {
  // "!BDN" and a known client magic
  const client = pstClients[view.latin1(8, 2) ?? ''];
  if (!view.matches(0, '!BDN') || client === undefined) {
    return null;
  }
  const detection: Detection = {
    format: 'pst',
    category: 'database-dump',
    rule: 'always',
    confidence: 'high',
    encrypted: null,
    reasons: [`"!BDN" at offset 0, ${client} file`],
  };

  // bCryptMethod sits where the header version puts it
  const version = view.uint16LE(10);
  const cryptOffset =
    version !== null && version >= firstUnicodePstVersion
      ? unicodeCryptMethodOffset
      : ansiCryptMethodOffset;
  const cryptMethod = pstCryptMethods[view.uint8(cryptOffset) ?? -1];
  if (cryptMethod !== undefined) {
    detection.encrypted = cryptMethod.encrypted;
    detection.reasons.push(cryptMethod.label);
  }
  return detection;
};

/** Credential stores recognised by one fixed magic (file magic "windows", "keepass", "pwsafe"). */
const credentialRows: readonly MagicRow[] = [
  credentialRow('registry-hive', 'regf', '"regf" registry hive', null),
  credentialRow('keepass', hexBytes('03 d9 a2 9a 67 fb 4b b5'), 'KeePass 2.x signature', true),
  credentialRow('keepass', hexBytes('03 d9 a2 9a 65 fb 4b b5'), 'KeePass 1.x signature', true),
  credentialRow('password-safe', 'PWS3', '"PWS3" Password Safe v3', true),
];

/** Registry hives (SAM, SYSTEM, SECURITY) and password-manager databases. */
export const detectCredentialMagic: Detector = magicTableDetector(credentialRows);

function credentialRow(
  format: string,
  magic: Uint8Array | string,
  label: string,
  encrypted: boolean | null,
): MagicRow {
  const category = 'credential-store';
  return { format, category, offset: 0, magic, label, confidence: 'high', encrypted };
}
