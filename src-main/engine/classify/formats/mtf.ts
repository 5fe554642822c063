import type { Detector, SampleContext } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/*
 * Microsoft Tape Format (MTF 1.00a): every stream starts with a TAPE descriptor block. The offsets
 * below are from the spec's common block header and TAPE block layout.
 */
const formatLogicalAddressOffset = 20;
const reservedForMbcOffset = 28;
const controlBlockIdOffset = 36;
const stringTypeOffset = 48;
const passwordAlgorithmOffset = 62;
const softwareNameSizeOffset = 80;
const softwareNameOffsetOffset = 82;

/** MTF string type 2 means UTF-16LE strings; 1 means 8-bit strings. */
const unicodeStringType = 2;

/** Longest software name worth decoding. */
const maxSoftwareNameBytes = 256;

/** Extensions SQL Server uses for full, log and differential backups. */
const sqlServerBackupExtensions: readonly string[] = ['bak', 'trn', 'dif'];

/**
 * MTF streams: NTBackup `.bkf`, Backup Exec, and SQL Server `.bak`/`.trn`/`.dif` backups. The
 * software name (or, failing that, the file name) tells a database backup from a system one.
 */
export const detectMtf: Detector = (context) => {
  // "TAPE" alone is too weak: the spec fixes three fields of the first block at zero
  const { view } = context;
  if (!view.matches(0, 'TAPE') || !hasZeroConfirmingFields(view)) {
    return null;
  }
  const reasons = ['"TAPE" descriptor block at offset 0', 'MTF zero fields at 20, 28, 36'];

  // Decide database or system backup
  const softwareName = readSoftwareName(view);
  if (softwareName !== null) {
    reasons.push(`software "${softwareName}"`);
  }
  const isDatabase = isSqlServerBackup(context, softwareName);
  if (isDatabase && softwareName === null) {
    reasons.push(`.${context.name.extension} name (SQL Server backup)`);
  }

  return {
    format: 'mtf',
    category: isDatabase ? 'database-dump' : 'system-image',
    rule: 'always',
    confidence: 'high',
    encrypted: readEncrypted(view, isDatabase, reasons),
    reasons,
  };
};

function hasZeroConfirmingFields(view: SampleView): boolean {
  return (
    view.uint64LE(formatLogicalAddressOffset) === 0n &&
    view.uint16LE(reservedForMbcOffset) === 0 &&
    view.uint32LE(controlBlockIdOffset) === 0
  );
}

/** The software name, through its MTF_TAPE_ADDRESS (size, offset from the block start). */
function readSoftwareName(view: SampleView): string | null {
  // Locate the string
  const sizeBytes = view.uint16LE(softwareNameSizeOffset);
  const offset = view.uint16LE(softwareNameOffsetOffset);
  if (sizeBytes === null || offset === null || sizeBytes === 0) {
    return null;
  }
  const raw = view.bytes(offset, Math.min(sizeBytes, maxSoftwareNameBytes));
  if (raw === null) {
    return null;
  }

  // Decode it by the block's string type
  const isUnicode = view.uint8(stringTypeOffset) === unicodeStringType;
  const text = new TextDecoder(isUnicode ? 'utf-16le' : 'latin1').decode(raw);
  const printable = text.replace(/[^\x20-\x7e]/g, '').trim();
  return printable.length > 0 ? printable : null;
}

function isSqlServerBackup({ name }: SampleContext, softwareName: string | null): boolean {
  if (softwareName !== null) {
    return /SQL Server/i.test(softwareName);
  }
  return sqlServerBackupExtensions.includes(name.extension);
}

/**
 * MTF 1.00a: a non-zero password encryption algorithm means a password or encryption is set.
 * SQL Server's own backup encryption does not show in this field, so zero proves nothing there.
 */
function readEncrypted(view: SampleView, isDatabase: boolean, reasons: string[]): boolean | null {
  const algorithm = view.uint16LE(passwordAlgorithmOffset);
  if (algorithm === null) {
    return null;
  }
  if (algorithm !== 0) {
    reasons.push(`password encryption algorithm ${algorithm}`);
    return true;
  }
  return isDatabase ? null : false;
}
