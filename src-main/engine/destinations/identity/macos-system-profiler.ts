import {
  asArray,
  asRecord,
  cleanText,
  normaliseSerial,
  normaliseUsbId,
  parseJson,
  stringValue,
  type JsonRecord,
} from './identity-values.ts';

/** USB trees nest hubs a few levels deep; deeper nesting is malformed output. */
const maxTreeDepth = 16;

/** A USB device with storage, from `system_profiler SPUSBDataType -json`. */
export interface UsbStorageDevice {
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  /** The iManufacturer string, such as `SanDisk`. */
  manufacturer: string | null;
  /** The iProduct string, such as `Cruzer Blade`. */
  name: string | null;
  /** The BSD names of its disks and their volumes, such as `disk4` and `disk4s1`. */
  bsdNames: string[];
}

/**
 * Parses the JSON `system_profiler SPUSBDataType -json` prints: buses under `SPUSBDataType`,
 * devices nested in `_items`, storage in `Media` with `bsd_name` and `volumes`. Values are text
 * (`"0x0781  (SanDisk Corporation)"`), and Apple's own devices say `apple_vendor_id`. Returns
 * the devices that have storage; null when the text is not such output.
 *
 * Known shortcoming: macOS 15 also offers `SPUSBHostDataType` with other keys; this parser reads
 * only `SPUSBDataType`, which macOS still prints. Adding the second tree would remove the gap.
 */
export function parseSystemProfilerUsb(text: string): UsbStorageDevice[] | null {
  const parsed = parseJson(text);
  const root = parsed.ok ? asRecord(parsed.value) : null;
  if (root === null || !Array.isArray(root['SPUSBDataType'])) {
    return null;
  }

  const devices: UsbStorageDevice[] = [];
  collectStorage(asArray(root['SPUSBDataType']), devices, 0);
  return devices;
}

/** The device whose storage carries `bsdName` (a disk or a volume). */
export function findUsbStorage(
  devices: readonly UsbStorageDevice[],
  bsdName: string,
): UsbStorageDevice | undefined {
  return devices.find((device) => device.bsdNames.includes(bsdName));
}

function collectStorage(items: unknown[], devices: UsbStorageDevice[], depth: number): void {
  if (depth > maxTreeDepth) {
    return;
  }
  for (const item of items) {
    const record = asRecord(item);
    if (record === null) {
      continue;
    }
    const bsdNames = mediaBsdNames(record);
    if (bsdNames.length > 0) {
      devices.push(storageDevice(record, bsdNames));
    }
    collectStorage(asArray(record['_items']), devices, depth + 1);
  }
}

function storageDevice(record: JsonRecord, bsdNames: string[]): UsbStorageDevice {
  const vendorText = stringValue(record, 'vendor_id');
  return {
    vendorId: vendorText === 'apple_vendor_id' ? '05ac' : normaliseUsbId(vendorText),
    productId: normaliseUsbId(stringValue(record, 'product_id')),
    serial: normaliseSerial(stringValue(record, 'serial_num')),
    manufacturer: cleanText(stringValue(record, 'manufacturer')),
    name: cleanText(stringValue(record, '_name')),
    bsdNames,
  };
}

function mediaBsdNames(record: JsonRecord): string[] {
  const names: string[] = [];
  for (const mediaItem of asArray(record['Media'])) {
    const media = asRecord(mediaItem);
    if (media === null) {
      continue;
    }
    names.push(...namesOf([media]));
    names.push(...namesOf(asArray(media['volumes']).map(asRecord)));
  }
  return names;
}

function namesOf(records: Array<JsonRecord | null>): string[] {
  return records
    .map((record) => (record === null ? null : stringValue(record, 'bsd_name')))
    .filter((name) => name !== null);
}
