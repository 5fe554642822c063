import type { Detection, Detector } from '../detection.ts';
import { hexBytes } from '../detection.ts';
import type { MagicRow } from '../magic-table.ts';
import { magicTableDetector } from '../magic-table.ts';

/** Veeam storage header: initialised flag 1, digest-name length 3, "md5\0" (PhotoRec file_vib.c). */
const veeamHeader = hexBytes('01 00 00 00 03 00 00 00 6d 64 35 00');
const veeamExtensions: readonly string[] = ['vbk', 'vib', 'vrb'];

/** Acronis True Image 2013+ and older `.tib` magics (file magic "archive", PhotoRec file_tib.c). */
const acronisMagic = hexBytes('ce 24 b9 a2 20 00 00');
const acronisClosingBytes = hexBytes('00 00 20 a2 b9 24 ce');
const acronisLegacyMagic = hexBytes('b4 6e 68 44');

/** Norton Ghost: first four bytes masked by 0xFFFFF7F0 equal 0xFEEF0100 (file magic "archive"). */
const ghostMask = 0xfffff7f0;
const ghostMagic = 0xfeef0100;
const ghostSplitBit = 0x08;
const ghostPasswordOffset = 12;
const ghostPasswordBytes = 8;

/** Macrium Reflect X footer: "MACRIUM_FILE" in the last 12 bytes (mrimgx FILE_LAYOUT). */
const macriumFooterMagic = 'MACRIUM_FILE';
const macriumEncryptionPattern = /"_encryption"\s*:\s*\{[^}]*?"enable"\s*:\s*(true|false)/;

/** Veeam `.vbk`/`.vib`/`.vrb`: 12 fixed bytes at offset 4, stronger with a Veeam extension. */
export const detectVeeam: Detector = ({ view, name }) => {
  if (!view.matches(4, veeamHeader)) {
    return null;
  }

  const reasons = ['Veeam storage header (flag, "md5") at offset 4'];
  const hasVeeamExtension = veeamExtensions.includes(name.extension);
  if (hasVeeamExtension) {
    reasons.push(`.${name.extension} name`);
  }
  const version = view.uint32LE(0);
  if (version !== null) {
    reasons.push(`format version ${version}`);
  }
  return systemImage('veeam', hasVeeamExtension ? 'high' : 'medium', reasons);
};

/** Acronis True Image `.tib`, both the 2013+ and the older magic. */
export const detectAcronisTib: Detector = ({ view, name }) => {
  if (view.matches(0, acronisMagic)) {
    const reasons = ['Acronis magic CE 24 B9 A2 20 00 00 at offset 0'];
    if (view.matches(view.sizeBytes - acronisClosingBytes.length, acronisClosingBytes)) {
      reasons.push('reversed magic closes the file');
    }
    return systemImage('acronis-tib', 'high', reasons);
  }
  if (!view.matches(0, acronisLegacyMagic)) {
    return null;
  }

  const hasTibExtension = name.extension === 'tib';
  const reasons = ['older Acronis magic B4 6E 68 44 at offset 0'];
  if (hasTibExtension) {
    reasons.push('.tib name');
  }
  return systemImage('acronis-tib', hasTibExtension ? 'high' : 'medium', reasons);
};

/** Norton/Symantec Ghost `.gho`/`.ghs`; a first file says whether a password is set. */
export const detectGhost: Detector = ({ view }) => {
  // The masked magic plus PhotoRec's "01 01" at offset 8
  const leading = view.uint32BE(0);
  if (leading === null || (leading & ghostMask) >>> 0 !== ghostMagic) {
    return null;
  }
  if (!view.matches(8, hexBytes('01 01'))) {
    return null;
  }

  // Only a first (non-split) file carries the password bytes
  const isSplitPart = ((view.uint8(2) ?? 0) & ghostSplitBit) !== 0;
  const reasons = [`Ghost magic FE EF 01 at offset 0${isSplitPart ? ', split part' : ''}`];
  const detection = systemImage('ghost', 'medium', reasons);
  const password = view.bytes(ghostPasswordOffset, ghostPasswordBytes);
  if (!isSplitPart && password !== null) {
    detection.encrypted = password.some((byte) => byte !== 0);
    reasons.push(detection.encrypted ? 'password bytes set' : 'no password');
  }
  return detection;
};

/** Symantec System Recovery `.v2i`: "$CAN" at 0 and 13 04 08 00 at 20 (PhotoRec file_v2i.c). */
export const detectV2i: Detector = ({ view }) => {
  if (!view.matches(0, '$CAN') || !view.matches(20, hexBytes('13 04 08 00'))) {
    return null;
  }
  return systemImage('v2i', 'high', ['"$CAN" at offset 0 and 13 04 08 00 at offset 20']);
};

/** Macrium Reflect X: a footer at EOF-12; the JSON metadata says whether encryption is on. */
export const detectMacriumX: Detector = ({ view }) => {
  if (!view.matches(view.sizeBytes - macriumFooterMagic.length, macriumFooterMagic)) {
    return null;
  }

  // The $JSON metadata block is usually near the end; look in whatever tail was read
  const detection = systemImage('macrium-x', 'high', ['"MACRIUM_FILE" footer at EOF-12']);
  const tailText = view.bytesFromEnd(view.tailLength, view.tailLength);
  const match = tailText === null ? null : macriumEncryptionPattern.exec(latin1(tailText));
  if (match !== null) {
    detection.encrypted = match[1] === 'true';
    detection.reasons.push(`_encryption.enable ${match[1] ?? ''}`);
  }
  return detection;
};

/** Proxmox Backup Server blob and index magics; blob magics say whether they are encrypted. */
const proxmoxRows: readonly MagicRow[] = [
  pbsRow('42 ab 38 07 be 83 70 a1', 'proxmox-pbs-blob', false, 'unencrypted blob'),
  pbsRow('31 b9 58 42 6f b6 a3 7f', 'proxmox-pbs-blob', false, 'unencrypted compressed blob'),
  pbsRow('7b 67 85 be 22 2d 4c f0', 'proxmox-pbs-blob', true, 'encrypted blob'),
  pbsRow('e6 59 1b bf 0b bf d8 0b', 'proxmox-pbs-blob', true, 'encrypted compressed blob'),
  pbsRow('2f 7f 41 ed 91 fd 0f cd', 'proxmox-pbs-index', null, 'fixed index'),
  pbsRow('1c 91 4e a5 19 ba b3 cd', 'proxmox-pbs-index', null, 'dynamic index'),
  pbsRow('ef ac 88 e5 74 64 95 d5', 'proxmox-pxar', null, 'pxar archive'),
];

/** Image and backup-tool formats recognised by one fixed magic. */
const imageBackupRows: readonly MagicRow[] = [
  row('proxmox-vma', 'system-image', 0, 'VMA\0', '"VMA\\0"'),
  ...proxmoxRows,
  row('partclone', 'disk-image', 0, 'partclone-image', '"partclone-image"'),
  row('partimage', 'disk-image', 0, 'PaRtImAgE-VoLuMe', '"PaRtImAgE-VoLuMe"'),
  row('ewf', 'disk-image', 0, hexBytes('45 56 46 09 0d 0a ff 00'), '"EVF\\x09\\r\\n\\xFF\\0"'),
  row('zfs-send', 'system-image', 8, hexBytes('00 00 00 02 f5 ba cb ac'), 'ZFS send magic'),
  row('zfs-send', 'system-image', 8, hexBytes('ac cb ba f5 02 00 00 00'), 'ZFS send magic'),
  row('bacula-volume', 'system-image', 12, 'BB02', 'Bacula block "BB02"'),
  row('amanda', 'system-image', 0, 'AMANDA: ', '"AMANDA: "'),
  {
    ...row('wim', 'system-image', 0, 'MSWIM\0\0\0', '"MSWIM\\0\\0\\0"'),
    confidence: 'medium',
    note: 'Windows image; also used for installation media',
  },
];

/** Fixed-magic image and backup formats (file magic, PhotoRec, Proxmox file-formats). */
export const detectImageBackupMagic: Detector = magicTableDetector(imageBackupRows);

function row(
  format: string,
  category: Detection['category'],
  offset: number,
  magic: Uint8Array | string,
  label: string,
): MagicRow {
  return { format, category, offset, magic, label, confidence: 'high', encrypted: null };
}

function pbsRow(hex: string, format: string, encrypted: boolean | null, note: string): MagicRow {
  const label = 'Proxmox Backup Server magic';
  return { ...row(format, 'system-image', 0, hexBytes(hex), label), encrypted, note };
}

function systemImage(
  format: string,
  confidence: Detection['confidence'],
  reasons: string[],
): Detection {
  return { format, category: 'system-image', rule: 'always', confidence, encrypted: null, reasons };
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}
