import type { Detection, Detector, SampleContext } from '../detection.ts';
import { hexBytes, hexOffset } from '../detection.ts';

/** The 512-byte VHD footer sits at the very end of every VHD (Virtual Hard Disk Image spec). */
const vhdFooterBytes = 512;

/** VHD footer disk type at offset 60 (VHD spec: 2 fixed, 3 dynamic, 4 differencing). */
const vhdDiskTypes: Readonly<Record<number, string>> = {
  2: 'fixed',
  3: 'dynamic',
  4: 'differencing',
};

/** VDI pre-header signature at offset 64, little-endian (VirtualBox VDI header). */
const vdiSignature = 0xbeda107f;

/** QCOW2 spec: crypt_method 0 none, 1 AES, 2 LUKS. */
const qcowCryptMethods: Readonly<Record<number, string>> = { 0: 'none', 1: 'AES', 2: 'LUKS' };

/** Extensions under which a bare MBR is taken as a raw disk image. */
const rawDiskExtensions: readonly string[] = ['img', 'dd', 'raw', '001'];

/** VHD: a footer at EOF-512, and a header copy at 0 for dynamic and differencing disks. */
export const detectVhd: Detector = ({ view }) => {
  // Read the footer, or the copy at 0 when the footer is missing
  const footerOffset = view.sizeBytes - vhdFooterBytes;
  const hasFooter = footerOffset >= 0 && view.matches(footerOffset, 'conectix');
  const hasHeaderCopy = view.matches(0, 'conectix');
  if (!hasFooter && !hasHeaderCopy) {
    return null;
  }

  // Describe what was found
  const reasons = [hasFooter ? '"conectix" footer at EOF-512' : '"conectix" at offset 0'];
  const typeOffset = (hasFooter ? footerOffset : 0) + 60;
  const diskType = vhdDiskTypes[view.uint32BE(typeOffset) ?? -1];
  if (diskType !== undefined) {
    reasons.push(`${diskType} disk`);
  }
  if (hasFooter && hasHeaderCopy) {
    reasons.push('footer copy at offset 0');
  }

  return diskImage('vhd', hasFooter ? 'high' : 'medium', reasons);
};

/** VHDX: the file type identifier at 0 and the first header at 0x10000 (MS-VHDX 2.2). */
export const detectVhdx: Detector = ({ view }) => {
  if (!view.matches(0, 'vhdxfile')) {
    return null;
  }

  const hasHeader = view.matches(0x10000, 'head');
  const reasons = ['"vhdxfile" at offset 0'];
  if (hasHeader) {
    reasons.push(`"head" at ${hexOffset(0x10000)}`);
  }
  return diskImage('vhdx', hasHeader ? 'high' : 'medium', reasons);
};

/** VMDK hosted sparse extent ("KDMV", version 1-3) and ESX sparse extent ("COWD"). */
export const detectVmdkSparse: Detector = ({ view }) => {
  if (view.matches(0, 'COWD')) {
    return diskImage('vmdk', 'high', ['"COWD" ESX sparse extent at offset 0']);
  }
  if (!view.matches(0, 'KDMV')) {
    return null;
  }

  const version = view.uint32LE(4);
  const knownVersion = version !== null && version >= 1 && version <= 3;
  const reasons = ['"KDMV" sparse extent at offset 0'];
  if (knownVersion) {
    reasons.push(`version ${version}`);
  }
  return diskImage('vmdk', knownVersion ? 'high' : 'medium', reasons);
};

/** VMDK text descriptor: "# Disk DescriptorFile" after any leading whitespace. */
export const detectVmdkDescriptor: Detector = ({ view }) => {
  const start = view.latin1(0, Math.min(view.headLength, 256));
  if (start?.trimStart().startsWith('# Disk DescriptorFile') !== true) {
    return null;
  }
  return diskImage('vmdk-descriptor', 'high', ['"# Disk DescriptorFile" text header']);
};

/** QCOW (v1) and QCOW2/QCOW3, whose header says whether the clusters are encrypted. */
export const detectQcow: Detector = ({ view }) => {
  // Check the magic and the version
  const version = view.uint32BE(4);
  if (!view.matches(0, hexBytes('51 46 49 fb')) || version === null) {
    return null;
  }
  if (version < 1 || version > 3) {
    return diskImage('qcow2', 'medium', ['"QFI\\xFB" at offset 0', `unknown version ${version}`]);
  }

  // QCOW2 spec: crypt_method at 32 (v2, v3); QCOW v1 keeps it at 36
  const cryptOffset = version === 1 ? 36 : 32;
  const cryptMethod = view.uint32BE(cryptOffset);
  const cryptName = qcowCryptMethods[cryptMethod ?? -1];
  const detection = diskImage(version === 1 ? 'qcow' : 'qcow2', 'high', [
    `"QFI\\xFB" version ${version} at offset 0`,
  ]);
  if (cryptMethod !== null) {
    detection.encrypted = cryptMethod !== 0;
    detection.reasons.push(`crypt_method ${cryptMethod} (${cryptName ?? 'unknown'})`);
  }
  return detection;
};

/** VirtualBox VDI: the signature at 64, after a text banner. */
export const detectVdi: Detector = ({ view }) => {
  if (view.uint32LE(64) !== vdiSignature) {
    return null;
  }
  return diskImage('vdi', 'high', ['VDI signature 0xBEDA107F at offset 64']);
};

/**
 * ISO 9660: "CD001" in the first volume descriptor (ECMA-119). Often installation media rather
 * than a backup, so the verdict is only medium.
 */
export const detectIso9660: Detector = ({ view }) => {
  if (!view.matches(32769, 'CD001')) {
    return null;
  }
  return diskImage('iso9660', 'medium', ['"CD001" at offset 32769', 'optical image']);
};

/** LUKS: a whole encrypted volume or a LUKS header backup (LUKS on-disk format spec). */
export const detectLuks: Detector = ({ view }) => {
  if (!view.matches(0, hexBytes('4c 55 4b 53 ba be'))) {
    return null;
  }

  const version = view.uint16BE(6);
  const detection = diskImage('luks', 'high', [`"LUKS\\xBA\\xBE" version ${version ?? '?'}`]);
  detection.encrypted = true;
  return detection;
};

/** Raw disk and volume images: GPT, BitLocker and NTFS boot sectors, or an MBR under a disk name. */
export const detectRawDisk: Detector = (context) => {
  const { view } = context;
  if (view.matches(512, 'EFI PART') || view.matches(4096, 'EFI PART')) {
    return diskImage('raw-disk', 'high', ['"EFI PART" GPT header']);
  }
  if (view.matches(3, '-FVE-FS-')) {
    const detection = diskImage('bitlocker-volume', 'high', ['"-FVE-FS-" at offset 3']);
    detection.encrypted = true;
    return detection;
  }
  if (view.matches(3, 'NTFS    ') && view.matches(510, hexBytes('55 aa'))) {
    return diskImage('ntfs-volume', 'high', ['"NTFS" boot sector at offset 3']);
  }
  return detectMbrDisk(context);
};

/** A bare MBR is too common (any boot sector) to count without a disk-image extension. */
function detectMbrDisk({ view, name }: SampleContext): Detection | null {
  if (!view.matches(510, hexBytes('55 aa')) || !rawDiskExtensions.includes(name.extension)) {
    return null;
  }
  return diskImage('raw-disk', 'medium', [
    'MBR signature at offset 510',
    `.${name.extension} name`,
  ]);
}

function diskImage(
  format: string,
  confidence: Detection['confidence'],
  reasons: string[],
): Detection {
  return { format, category: 'disk-image', rule: 'always', confidence, encrypted: null, reasons };
}
