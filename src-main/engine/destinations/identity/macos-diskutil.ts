import { parse as parsePlist } from 'plist';

import {
  asArray,
  asRecord,
  booleanValue,
  normaliseFilesystem,
  numberValue,
  stringValue,
  type JsonRecord,
} from './identity-values.ts';

/** What `diskutil info -plist DISK` tells about one disk or volume. */
export interface DiskutilInfo {
  /** `disk4s1`. */
  deviceIdentifier: string;
  /** The whole disk the volume is on, such as `disk4`; for an APFS volume, its synthesized disk. */
  parentWholeDisk: string | null;
  /** For an APFS volume: the partitions its container is stored on, such as `disk4s2`. */
  physicalStores: string[];
  mountPoint: string | null;
  volumeName: string | null;
  /** In the shared vocabulary: `vfat`, `exfat`, `apfs`, `hfsplus`, `ntfs`. */
  filesystem: string | null;
  volumeUuid: string | null;
  /** In the shared vocabulary: `usb`, `sata`, `nvme`, `thunderbolt`, `sd`, `firewire`, `virtual`. */
  bus: string | null;
  /** The device's name as IOKit reports it, such as `SanDisk Cruzer Blade Media`. */
  mediaName: string | null;
  isRemovable: boolean | null;
  isInternal: boolean | null;
  sizeBytes: number | null;
  /** APFS encryption or FileVault; null when diskutil does not say (not APFS). */
  encrypted: boolean | null;
}

/** diskutil's `BusProtocol` values, in the bus vocabulary of DeviceIdentity. */
const busProtocols: Readonly<Record<string, string>> = {
  usb: 'usb',
  sata: 'sata',
  'pci-express': 'nvme',
  pci: 'nvme',
  thunderbolt: 'thunderbolt',
  'secure digital': 'sd',
  firewire: 'firewire',
  'disk image': 'virtual',
  'virtual interface': 'virtual',
  'apple fabric': 'apple-fabric',
};

/**
 * Parses the XML property list `diskutil info -plist` prints (see `man diskutil`; the keys are
 * those of DiskArbitration's descriptions). Null when the text is not such a list.
 */
export function parseDiskutilInfo(xml: string): DiskutilInfo | null {
  // The XML parser prints its complaints to the console, so text that is no plist stops here
  if (!xml.includes('<plist')) {
    return null;
  }
  let record: JsonRecord | null;
  try {
    record = asRecord(parsePlist(xml));
  } catch {
    return null;
  }
  const deviceIdentifier = record === null ? null : stringValue(record, 'DeviceIdentifier');
  if (record === null || deviceIdentifier === null) {
    return null;
  }

  return {
    deviceIdentifier,
    parentWholeDisk: stringValue(record, 'ParentWholeDisk'),
    physicalStores: physicalStores(record),
    mountPoint: stringValue(record, 'MountPoint'),
    volumeName: stringValue(record, 'VolumeName'),
    filesystem: normaliseFilesystem(stringValue(record, 'FilesystemType')),
    volumeUuid: stringValue(record, 'VolumeUUID'),
    bus: busOf(stringValue(record, 'BusProtocol')),
    mediaName: stringValue(record, 'MediaName') ?? stringValue(record, 'IORegistryEntryName'),
    isRemovable: anyTrue(record, ['Removable', 'RemovableMedia', 'Ejectable']),
    isInternal: booleanValue(record, 'Internal'),
    sizeBytes: numberValue(record, 'TotalSize') ?? numberValue(record, 'Size'),
    encrypted: anyTrue(record, ['Encryption', 'FileVault']),
  };
}

function busOf(protocol: string | null): string | null {
  if (protocol === null) {
    return null;
  }
  return busProtocols[protocol.toLowerCase()] ?? protocol.toLowerCase();
}

/** True when one key is true, false when all present keys are false, null when none is present. */
function anyTrue(record: JsonRecord, keys: readonly string[]): boolean | null {
  const values = keys.map((key) => booleanValue(record, key)).filter((value) => value !== null);
  return values.length === 0 ? null : values.includes(true);
}

function physicalStores(record: JsonRecord): string[] {
  return asArray(record['APFSPhysicalStores'])
    .map((item) => {
      const store = asRecord(item);
      return store === null ? null : stringValue(store, 'APFSPhysicalStore');
    })
    .filter((store) => store !== null);
}
