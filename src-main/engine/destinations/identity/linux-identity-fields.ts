import type { DeviceIdentity } from '../destination.ts';
import { firstKnown, normaliseSerial, normaliseUsbId, vendorName } from './identity-values.ts';
import type { LsblkDevice } from './linux-lsblk.ts';
import { encodedProperty, type DeviceProperties } from './linux-properties.ts';
import type { SysfsBlockFacts } from './linux-sysfs.ts';

/**
 * How the Linux reader weighs its sources: for each field, the most specific source that tells
 * it (sysfs's USB descriptor before udev's properties before lsblk's columns).
 */

/** FUSE drivers whose volumes are phones or cameras rather than disks. */
export const fuseDeviceBuses: Readonly<Record<string, string>> = {
  'fuse.jmtpfs': 'mtp',
  'fuse.simple-mtpfs': 'mtp',
  'fuse.go-mtpfs': 'mtp',
  'fuse.mtpfs': 'mtp',
  'fuse.aft-mtp-mount': 'mtp',
  'fuse.gphotofs': 'ptp',
};

/** Buses whose devices can be unplugged while the machine runs. */
const removableBuses = new Set(['usb', 'sd', 'firewire', 'thunderbolt', 'mtp', 'ptp']);

/** Vendor, product, serial, bus and size, from the most specific source that tells each. */
export function hardwareFields(
  sysfs: SysfsBlockFacts | null,
  disk: LsblkDevice | undefined,
  udev: DeviceProperties,
): Partial<DeviceIdentity> {
  const usb = sysfs?.usb ?? null;
  const udevIsUsb = udev.get('ID_BUS') === 'usb';
  const bus = firstKnown(sysfs?.bus, udevBus(udev), transportBus(disk?.transport ?? null));

  return {
    vendorId:
      usb?.vendorId ??
      normaliseUsbId(udev.get('ID_USB_VENDOR_ID') ?? (udevIsUsb ? udev.get('ID_VENDOR_ID') : null)),
    productId:
      usb?.productId ??
      normaliseUsbId(udev.get('ID_USB_MODEL_ID') ?? (udevIsUsb ? udev.get('ID_MODEL_ID') : null)),
    serial: firstKnown(
      usb?.serial,
      normaliseSerial(udev.get('ID_USB_SERIAL_SHORT') ?? udev.get('ID_SERIAL_SHORT')),
      normaliseSerial(disk?.serial),
      sysfs?.serial,
    ),
    vendor: firstKnown(
      usb?.manufacturer,
      encodedProperty(udev, 'ID_VENDOR'),
      vendorName(disk?.vendor ?? null),
      sysfs?.vendor,
    ),
    model: firstKnown(usb?.product, encodedProperty(udev, 'ID_MODEL'), disk?.model, sysfs?.model),
    bus,
    sizeBytes: firstKnown(disk?.sizeBytes, sysfs?.sizeBytes),
    // Only ever true: a device nobody called removable keeps the enumeration's verdict
    ...((sysfs?.removable === true || disk?.removable === true || disk?.hotplug === true) && {
      isRemovable: true,
    }),
  };
}

/** The removable, USB and virtual flags that follow from a bus. */
export function busFlags(bus: string | null, isRemovable: boolean): Partial<DeviceIdentity> {
  if (bus === null) {
    return { bus, ...(isRemovable && { isRemovable }) };
  }
  return {
    bus,
    ...((isRemovable || removableBuses.has(bus)) && { isRemovable: true }),
    ...(bus === 'usb' && { isUsb: true }),
    ...(bus === 'virtual' && { isVirtual: true }),
  };
}

function udevBus(udev: DeviceProperties): string | null {
  if (udev.get('ID_DRIVE_FLASH_SD') === '1') {
    return 'sd';
  }
  return transportBus(udev.get('ID_BUS') ?? null);
}

/** lsblk's and udev's transport names, in the bus vocabulary of DeviceIdentity. */
function transportBus(transport: string | null): string | null {
  switch (transport) {
    case null:
      return null;
    case 'ata':
      return 'sata';
    case 'sbp':
    case 'ieee1394':
      return 'firewire';
    default:
      return transport;
  }
}

/** The filesystem a mount's type names, where it names one (not plain FUSE). */
export function filesystemOfMount(fsType: string | null): string | null {
  if (fsType === null || fsType === 'fuse' || fsType === 'fuseblk') {
    return null;
  }
  if (fsType === 'fuse.fusefat') {
    return 'vfat';
  }
  return fsType.startsWith('fuse.') ? null : fsType;
}
