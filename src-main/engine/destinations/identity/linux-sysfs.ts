import { readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

import { readBoundedText } from '../bounded-read.ts';
import { cleanText, normaliseSerial, normaliseUsbId, vendorName } from './identity-values.ts';

/** Where the kernel's device tree is mounted. */
export const defaultSysfsRoot = '/sys';

/** sysfs attributes are a page at most. */
const maxAttributeBytes = 4096;

/** How many device-mapper layers (dm-crypt over LVM over a partition) are followed down. */
const maxStackedLayers = 4;

/** The USB device a block device hangs under, from its sysfs attributes (see sysfs-bus-usb). */
export interface SysfsUsbDevice {
  /** The device's sysfs folder, such as `/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1`. */
  path: string;
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  /** The iManufacturer string, such as `SanDisk`. */
  manufacturer: string | null;
  /** The iProduct string, such as `Cruzer Blade`. */
  product: string | null;
}

/** What sysfs tells about the hardware under a block device. */
export interface SysfsBlockFacts {
  /** The whole device's sysfs folder, with links resolved. */
  devicePath: string;
  /** `usb`, `sd`, `mmc`, `nvme`, `sata`, `firewire`, `thunderbolt`, `virtio`, `virtual`, or null. */
  bus: string | null;
  removable: boolean | null;
  sizeBytes: number | null;
  usb: SysfsUsbDevice | null;
  /** The SCSI inquiry vendor, where the device has one. */
  vendor: string | null;
  /** The SCSI, NVMe or MMC model name. */
  model: string | null;
  /** The NVMe or MMC serial (USB serials are in `usb`). */
  serial: string | null;
  /** True for a dm-crypt device; null when the device is not a device-mapper one. */
  encrypted: boolean | null;
  /** The file behind a loop device. */
  backingFile: string | null;
}

/**
 * Reads what sysfs tells about a block device, such as `sdb1` or `dm-0`: follows a partition to
 * its disk and device-mapper layers to the device below, then walks up the device tree to the
 * USB device, if any. Null when the device is not in sysfs (gone, or not a block device).
 */
export async function readSysfsBlockDevice(
  kernelName: string,
  sysfsRoot = defaultSysfsRoot,
): Promise<SysfsBlockFacts | null> {
  // Resolve links, the root's too, so that walking up compares like with like
  const root = (await resolvedPath(sysfsRoot)) ?? sysfsRoot;
  const start = await resolvedPath(join(root, 'class', 'block', basename(kernelName)));
  if (start === null) {
    return null;
  }
  const { path, encrypted } = await followMapperLayers(start);

  // A partition's hardware is its disk's
  const isPartition = (await readAttribute(join(path, 'partition'))) !== null;
  const disk = isPartition ? dirname(path) : path;
  const sizeSectors = Number(await readAttribute(join(disk, 'size')));
  const usb = await findUsbAncestor(disk, root);

  return {
    devicePath: disk,
    bus: await classifyBus(disk, root, usb),
    removable: await readFlag(join(disk, 'removable')),
    sizeBytes: Number.isFinite(sizeSectors) && sizeSectors > 0 ? sizeSectors * 512 : null,
    usb,
    ...(await readModel(disk)),
    encrypted,
    backingFile: await readAttribute(join(disk, 'loop', 'backing_file')),
  };
}

/**
 * Follows device-mapper layers (dm-crypt over LVM over a partition) down to the device below,
 * noting whether one of them is dm-crypt; `encrypted` is null for a device that is not mapped.
 */
async function followMapperLayers(
  start: string,
): Promise<{ path: string; encrypted: boolean | null }> {
  let path = start;
  let encrypted: boolean | null = null;
  for (let layer = 0; layer < maxStackedLayers; layer++) {
    const mapperUuid = await readAttribute(join(path, 'dm', 'uuid'));
    if (mapperUuid === null) {
      break;
    }
    encrypted = encrypted === true || mapperUuid.startsWith('CRYPT-');

    // The first device below; a mapping over several devices shares their hardware facts
    const below = await firstEntry(join(path, 'slaves'));
    const belowPath = below === null ? null : await resolvedPath(join(path, 'slaves', below));
    if (belowPath === null) {
      break;
    }
    path = belowPath;
  }
  return { path, encrypted };
}

/** Reads the USB device attributes of a sysfs folder; null when it is not a USB device. */
export async function readUsbDevice(path: string): Promise<SysfsUsbDevice | null> {
  const vendorId = normaliseUsbId(await readAttribute(join(path, 'idVendor')));
  if (vendorId === null) {
    return null;
  }
  return {
    path,
    vendorId,
    productId: normaliseUsbId(await readAttribute(join(path, 'idProduct'))),
    serial: normaliseSerial(await readAttribute(join(path, 'serial'))),
    manufacturer: await readAttribute(join(path, 'manufacturer')),
    product: await readAttribute(join(path, 'product')),
  };
}

/** Reads one attribute as trimmed text; null when absent, unreadable or blank. */
export async function readAttribute(path: string): Promise<string | null> {
  const result = await readBoundedText(path, maxAttributeBytes);
  return result.ok ? cleanText(result.text) : null;
}

/** The nearest folder above `start` that is a USB device (it has `idVendor`). */
async function findUsbAncestor(start: string, sysfsRoot: string): Promise<SysfsUsbDevice | null> {
  for (const folder of ancestors(start, sysfsRoot)) {
    const device = await readUsbDevice(folder);
    if (device !== null) {
      return device;
    }
  }
  return null;
}

/**
 * The bus, from the folders the device hangs under. Linux shows Thunderbolt and USB4 drives by
 * their inner protocol (NVMe, SATA) below a PCI port that it marks `removable` because it faces
 * outward; that mark is what tells them apart from internal drives.
 */
async function classifyBus(
  disk: string,
  sysfsRoot: string,
  usb: SysfsUsbDevice | null,
): Promise<string | null> {
  if (usb !== null) {
    return 'usb';
  }

  const segments = relative(sysfsRoot, disk).split(sep);
  if (segments[1] === 'virtual') {
    return 'virtual';
  }
  if (segments.includes('mmc_host')) {
    return (await readAttribute(join(disk, 'device', 'type'))) === 'MMC' ? 'mmc' : 'sd';
  }
  if (segments.some((segment) => /^fw\d+$/.test(segment) || segment === 'firewire')) {
    return 'firewire';
  }
  if (await hasExternalPciAncestor(disk, sysfsRoot)) {
    return 'thunderbolt';
  }
  if (segments.includes('nvme')) {
    return 'nvme';
  }
  if (segments.some((segment) => /^ata\d+$/.test(segment))) {
    return 'sata';
  }
  return segments.some((segment) => /^virtio\d+$/.test(segment)) ? 'virtio' : null;
}

async function hasExternalPciAncestor(disk: string, sysfsRoot: string): Promise<boolean> {
  for (const folder of ancestors(disk, sysfsRoot)) {
    const isPciDevice = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(basename(folder));
    if (isPciDevice && (await readAttribute(join(folder, 'removable'))) === 'removable') {
      return true;
    }
  }
  return false;
}

/** SCSI inquiry vendor and model, or the NVMe or MMC controller's model and serial. */
async function readModel(
  disk: string,
): Promise<Pick<SysfsBlockFacts, 'vendor' | 'model' | 'serial'>> {
  const device = join(disk, 'device');
  return {
    // PCI-style devices (virtio) print a numeric vendor id here, which is no name
    vendor: vendorName(await readAttribute(join(device, 'vendor'))),
    model:
      (await readAttribute(join(device, 'model'))) ?? (await readAttribute(join(device, 'name'))),
    serial: normaliseSerial(await readAttribute(join(device, 'serial'))),
  };
}

/** The folders from `start` up to, not including, the sysfs root. */
function ancestors(start: string, sysfsRoot: string): string[] {
  const folders: string[] = [];
  for (let folder = start; folder.startsWith(sysfsRoot + sep); folder = dirname(folder)) {
    folders.push(folder);
  }
  return folders;
}

async function readFlag(path: string): Promise<boolean | null> {
  const text = await readAttribute(path);
  return text === '1' ? true : text === '0' ? false : null;
}

async function resolvedPath(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

async function firstEntry(folder: string): Promise<string | null> {
  try {
    return (await readdir(folder)).sort()[0] ?? null;
  } catch {
    return null;
  }
}
