import {
  asArray,
  asRecord,
  normaliseFilesystem,
  numberValue,
  stringValue,
  type JsonRecord,
} from './identity-values.ts';

/** A partition from `Get-Partition | ConvertTo-Json`, which ties volumes to disks. */
export interface WindowsPartition {
  diskNumber: number;
  /** `E`, or null when the partition has no drive letter. */
  driveLetter: string | null;
  /** Where it is reachable: `E:\`, `C:\Mount\Stick\`, `\\?\Volume{guid}\`. */
  accessPaths: string[];
}

/** A volume from `Get-Volume | ConvertTo-Json`. */
export interface WindowsVolume {
  driveLetter: string | null;
  label: string | null;
  /** In the shared vocabulary: `vfat`, `exfat`, `ntfs`, `refs`. */
  filesystem: string | null;
  /** `Removable`, `Fixed`, `CD-ROM`... */
  driveType: string | null;
  /** `\\?\Volume{guid}\`, which Windows assigns per machine. */
  path: string | null;
}

/** A volume's BitLocker state, from `Get-BitLockerVolume | ConvertTo-Json`. */
export interface BitLockerState {
  /** `E:` or a volume path. */
  mountPoint: string;
  /** True once encryption started (BitLocker To Go included), false when fully decrypted. */
  encrypted: boolean | null;
}

/**
 * BitLockerVolumeStatus values, in the order Microsoft documents them for Get-BitLockerVolume
 * (the same as Win32_EncryptableVolume's ConversionStatus): only the first means not encrypted.
 */
const volumeStatuses = [
  'FullyDecrypted',
  'FullyEncrypted',
  'EncryptionInProgress',
  'DecryptionInProgress',
  'EncryptionPaused',
  'DecryptionPaused',
];

/** MSFT_Volume `DriveType` numbers, as Microsoft documents them. */
const driveTypes = [
  'Unknown',
  'Invalid Root Path',
  'Removable',
  'Fixed',
  'Remote',
  'CD-ROM',
  'RAM Disk',
];

/** Parses Get-Partition's JSON (one object or a list). */
export function parsePartitions(json: unknown): WindowsPartition[] {
  return records(json).flatMap((record) => {
    const diskNumber = numberValue(record, 'DiskNumber');
    if (diskNumber === null) {
      return [];
    }
    const accessPaths = asArray(record['AccessPaths']).filter((path) => typeof path === 'string');
    return [{ diskNumber, driveLetter: driveLetterOf(record['DriveLetter']), accessPaths }];
  });
}

/** Parses Get-Volume's JSON (one object or a list). */
export function parseVolumes(json: unknown): WindowsVolume[] {
  return records(json).map((record) => {
    // Plain ConvertTo-Json prints FileSystemType and DriveType as numbers; FileSystem is text
    const driveType = record['DriveType'];
    return {
      driveLetter: driveLetterOf(record['DriveLetter']),
      label: stringValue(record, 'FileSystemLabel'),
      filesystem: normaliseFilesystem(stringValue(record, 'FileSystem')),
      driveType:
        typeof driveType === 'number'
          ? (driveTypes[driveType] ?? null)
          : stringValue(record, 'DriveType'),
      path: stringValue(record, 'Path') ?? stringValue(record, 'UniqueId'),
    };
  });
}

/**
 * Parses Win32_Volume's `DeviceID` and `SerialNumber` into the volume serial as FAT and exFAT
 * print it (`B5A7-FF10`), by volume path. NTFS volumes have a 64-bit serial of which Windows
 * reports the low half here, so theirs does not match what Linux prints (16 hex digits).
 */
export function parseVolumeSerials(json: unknown): Map<string, string> {
  const serials = new Map<string, string>();
  for (const record of records(json)) {
    const path = stringValue(record, 'DeviceID');
    const serial = numberValue(record, 'SerialNumber');
    if (path !== null && serial !== null && serial >= 0 && serial <= 0xffffffff) {
      const hex = serial.toString(16).toUpperCase().padStart(8, '0');
      serials.set(path.toLowerCase(), `${hex.slice(0, 4)}-${hex.slice(4)}`);
    }
  }
  return serials;
}

/** Parses Get-BitLockerVolume's JSON; `VolumeStatus` may be a number or its name. */
export function parseBitLockerVolumes(json: unknown): BitLockerState[] {
  return records(json).flatMap((record) => {
    const mountPoint = stringValue(record, 'MountPoint');
    if (mountPoint === null) {
      return [];
    }
    const status = record['VolumeStatus'];
    const name =
      typeof status === 'number' ? volumeStatuses[status] : stringValue(record, 'VolumeStatus');
    const encrypted =
      name === undefined || name === null || !volumeStatuses.includes(name)
        ? null
        : name !== 'FullyDecrypted';
    return [{ mountPoint, encrypted }];
  });
}

/**
 * A drive letter from PowerShell's JSON: `"E"` when the script converted it to text, a character
 * code (69) from plain ConvertTo-Json, and NUL or nothing for no letter.
 */
export function driveLetterOf(value: unknown): string | null {
  const text =
    typeof value === 'number' ? String.fromCharCode(value) : typeof value === 'string' ? value : '';
  const letter = text.trim().charAt(0).toUpperCase();
  return /^[A-Z]$/.test(letter) ? letter : null;
}

function records(json: unknown): JsonRecord[] {
  return asArray(json)
    .map(asRecord)
    .filter((record) => record !== null);
}
