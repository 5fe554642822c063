import {
  asArray,
  asRecord,
  booleanValue,
  cleanText,
  normaliseSerial,
  normaliseUsbId,
  numberValue,
  stringValue,
  vendorName,
  type JsonRecord,
} from './identity-values.ts';

/** A disk from `Get-Disk | ConvertTo-Json` (the MSFT_Disk class of the Storage module). */
export interface WindowsDisk {
  number: number;
  friendlyName: string | null;
  serial: string | null;
  /** In the shared vocabulary: `usb`, `sata`, `nvme`, `sd`, `mmc`, `firewire`, `virtual`... */
  bus: string | null;
  sizeBytes: number | null;
  manufacturer: string | null;
  model: string | null;
  isBoot: boolean | null;
  isSystem: boolean | null;
}

/** A disk from `Get-CimInstance Win32_DiskDrive | ConvertTo-Json`. */
export interface WindowsDiskDrive {
  /** The disk number, equal to Get-Disk's `Number`. */
  index: number;
  /** `\\.\PHYSICALDRIVE2`. */
  deviceId: string | null;
  model: string | null;
  /** `USBSTOR\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\4C530001230616113224&0`. */
  pnpDeviceId: string | null;
  serial: string | null;
  /** `USB`, `IDE`, `SCSI`, `1394`. */
  interfaceType: string | null;
  /** `Removable Media`, `External hard disk media`, `Fixed hard disk media`. */
  mediaType: string | null;
  sizeBytes: number | null;
}

/** What a storage PnP device id tells: the SCSI inquiry vendor and product, and the serial. */
export interface PnpStorageId {
  /** `USBSTOR` (USB mass storage), `SCSI` (also UASP drives), `SD`, `NVME`... */
  enumerator: string;
  vendor: string | null;
  product: string | null;
  /** The serial, from the instance part; null when Windows made the instance up. */
  serial: string | null;
}

/** What a USB device instance id (`USB\VID_0781&PID_5567\4C530001230616113224`) tells. */
export interface UsbInstanceId {
  vendorId: string;
  productId: string;
  /** Null when the device has no serial and Windows made the instance part up. */
  serial: string | null;
}

/** MSFT_Disk `BusType` numbers, as Microsoft's Storage Management API documents them. */
const busTypeNumbers: readonly string[] = [
  'unknown',
  'scsi',
  'atapi',
  'ata',
  'firewire',
  'ssa',
  'fibre channel',
  'usb',
  'raid',
  'iscsi',
  'sas',
  'sata',
  'sd',
  'mmc',
  'virtual',
  'virtual',
  'storage spaces',
  'nvme',
];

/** Bus names as PowerShell prints them, in the shared vocabulary. */
const busTypeNames: Readonly<Record<string, string>> = {
  '1394': 'firewire',
  'file backed virtual': 'virtual',
  'fibre channel': 'fibre-channel',
  'storage spaces': 'storage-spaces',
  unknown: '',
};

/** Parses Get-Disk's JSON (one object or a list). Entries without a disk number are skipped. */
export function parseGetDisk(json: unknown): WindowsDisk[] {
  return records(json).flatMap((record) => {
    const number = numberValue(record, 'Number');
    if (number === null) {
      return [];
    }
    return [
      {
        number,
        friendlyName: stringValue(record, 'FriendlyName'),
        serial: normaliseSerial(stringValue(record, 'SerialNumber')),
        bus: busTypeOf(record['BusType']),
        sizeBytes: numberValue(record, 'Size'),
        manufacturer: vendorName(stringValue(record, 'Manufacturer')),
        model: stringValue(record, 'Model'),
        isBoot: booleanValue(record, 'IsBoot'),
        isSystem: booleanValue(record, 'IsSystem'),
      },
    ];
  });
}

/** Parses Win32_DiskDrive's JSON (one object or a list). Entries without an index are skipped. */
export function parseWin32DiskDrives(json: unknown): WindowsDiskDrive[] {
  return records(json).flatMap((record) => {
    const index = numberValue(record, 'Index');
    if (index === null) {
      return [];
    }
    return [
      {
        index,
        deviceId: stringValue(record, 'DeviceID'),
        model: stringValue(record, 'Model'),
        pnpDeviceId: stringValue(record, 'PNPDeviceID'),
        serial: normaliseSerial(stringValue(record, 'SerialNumber')),
        interfaceType: stringValue(record, 'InterfaceType'),
        mediaType: stringValue(record, 'MediaType'),
        sizeBytes: numberValue(record, 'Size'),
      },
    ];
  });
}

/**
 * Parses a storage device instance id, `<enumerator>\<type>&VEN_<v>&PROD_<p>[&REV_<r>]\<instance>`.
 * Windows writes spaces as `_` in the vendor and product, and appends the logical unit (`&0`)
 * to a serial in the instance part. Null for ids of another shape.
 */
export function parsePnpDeviceId(id: string): PnpStorageId | null {
  const match = /^([A-Z0-9]+)\\[A-Z]*&VEN_([^&\\]*)&PROD_([^&\\]*)(?:&REV_[^\\]*)?\\(.+)$/i.exec(
    id,
  );
  if (match?.[1] === undefined || match[4] === undefined) {
    return null;
  }
  return {
    enumerator: match[1].toUpperCase(),
    vendor: cleanText(match[2]?.replace(/_/g, ' ')),
    product: cleanText(match[3]?.replace(/_/g, ' ')),
    serial: normaliseSerial(match[4].replace(/&\d+$/, '')),
  };
}

/** Parses a USB device instance id; null for ids of another shape (hubs, composite parts). */
export function parseUsbInstanceId(id: string): UsbInstanceId | null {
  const match = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:&[^\\]*)?\\(.+)$/i.exec(id);
  const vendorId = normaliseUsbId(match?.[1]);
  const productId = normaliseUsbId(match?.[2]);
  if (vendorId === null || productId === null || match?.[3] === undefined) {
    return null;
  }
  return { vendorId, productId, serial: normaliseSerial(match[3]) };
}

/** A bus from Get-Disk's `BusType`: a number (plain ConvertTo-Json) or its name (`USB`). */
export function busTypeOf(value: unknown): string | null {
  const name =
    typeof value === 'number'
      ? (busTypeNumbers[value] ?? null)
      : typeof value === 'string'
        ? cleanText(value)
        : null;
  if (name === null) {
    return null;
  }
  const lower = name.toLowerCase();
  const mapped = busTypeNames[lower] ?? lower;
  return mapped === '' ? null : mapped;
}

function records(json: unknown): JsonRecord[] {
  return asArray(json)
    .map(asRecord)
    .filter((record) => record !== null);
}
