import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Destination, DeviceIdentity } from '../destination.ts';
import { describeProduct } from './identity-values.ts';
import {
  defaultSysfsRoot,
  readAttribute,
  readUsbDevice,
  type SysfsUsbDevice,
} from './linux-sysfs.ts';
import { applyVolumeIdentity } from './volume-identity.ts';

/** A desktop session's gvfs FUSE folder holds a handful of entries; more is not a session. */
const maxGvfsEntries = 256;

/** What the name of a gvfs device folder tells, such as `mtp:host=SAMSUNG_Galaxy_R58M1234`. */
export interface GvfsDeviceName {
  /** `mtp` for phones and players, `ptp` for cameras (gvfs's `gphoto2` backend). */
  bus: 'mtp' | 'ptp';
  /** The host part, percent-decoded. */
  host: string;
  /** The product as people read it, from a `Vendor_Model_Serial` host; null for an address. */
  description: string | null;
  /** The serial, the last part of an MTP `Vendor_Model_Serial` host; null otherwise. */
  serial: string | null;
  /** The USB bus and device numbers of an `[usb:001,005]` host, which older gvfs uses. */
  usbAddress: { busNumber: number; deviceNumber: number } | null;
}

/**
 * Parses a gvfs folder name. Only the `mtp` and `gphoto2` backends are devices; shares and
 * servers (`smb-share:`, `sftp:`, `dav:`) are network destinations and give null here.
 */
export function parseGvfsDeviceName(folderName: string): GvfsDeviceName | null {
  const match = /^(mtp|gphoto2):host=(.+)$/.exec(folderName);
  if (match?.[1] === undefined || match[2] === undefined) {
    return null;
  }
  const bus = match[1] === 'mtp' ? 'mtp' : 'ptp';
  const host = safeDecode(match[2]);

  // Older gvfs names the USB address, such as [usb:001,005]
  const address = /^\[usb:(\d{1,3}),(\d{1,3})\]$/.exec(host);
  if (address?.[1] !== undefined && address[2] !== undefined) {
    const usbAddress = { busNumber: Number(address[1]), deviceNumber: Number(address[2]) };
    return { bus, host, description: null, serial: null, usbAddress };
  }

  // Newer gvfs joins vendor, model and (for MTP) serial with `_`, spaces also turned into `_`
  const parts = host.split('_').filter((part) => part !== '');
  const hasSerial = bus === 'mtp' && parts.length >= 3;
  const serial = hasSerial ? (parts.at(-1) ?? null) : null;
  const description = (hasSerial ? parts.slice(0, -1) : parts).join(' ') || null;
  return { bus, host, description, serial, usbAddress: null };
}

/**
 * The phones and cameras gvfs exposes as folders under `gvfsRoot` (such as
 * `/run/user/1000/gvfs`), as removable-volume destinations. Their USB vendor and product ids
 * come from sysfs when the device is found there by serial or address. A missing or unreadable
 * root gives none.
 *
 * Known gaps, for want of a path to watch: phones on Windows (WPD devices live in the shell
 * namespace, not on a drive letter; Device Control or the WPD API would be needed), on macOS
 * (Image Capture and Android File Transfer copy through their own apps), and KDE's kio-mtp
 * (no FUSE mount unless kio-fuse runs). MTP FUSE drivers mounted under a mount root (jmtpfs,
 * simple-mtpfs) are volumes like any other.
 */
export async function listGvfsDevices(
  gvfsRoot: string,
  sysfsRoot = defaultSysfsRoot,
): Promise<Destination[]> {
  let names: string[];
  try {
    names = (await readdir(gvfsRoot)).slice(0, maxGvfsEntries);
  } catch {
    return [];
  }

  const destinations: Destination[] = [];
  for (const folderName of names.sort()) {
    const name = parseGvfsDeviceName(folderName);
    if (name !== null) {
      destinations.push(
        await gvfsDestination(join(gvfsRoot, folderName), gvfsRoot, name, sysfsRoot),
      );
    }
  }
  return destinations;
}

/**
 * The gvfs folders of the running user, or of every user when running as root (a system agent
 * guards every desktop session).
 */
export async function defaultGvfsRoots(): Promise<string[]> {
  const uid = process.getuid?.();
  if (uid !== 0) {
    return uid === undefined ? [] : [`/run/user/${uid}/gvfs`];
  }
  try {
    const users = await readdir('/run/user');
    return users.filter((user) => /^\d+$/.test(user)).map((user) => `/run/user/${user}/gvfs`);
  } catch {
    return [];
  }
}

async function gvfsDestination(
  path: string,
  gvfsRoot: string,
  name: GvfsDeviceName,
  sysfsRoot: string,
): Promise<Destination> {
  const usb = await findUsbDevice(name, sysfsRoot);
  const vendor = usb?.manufacturer ?? null;
  const model = usb?.product ?? null;

  const device: DeviceIdentity = {
    device: `${name.bus === 'mtp' ? 'mtp' : 'gphoto2'}://${name.host}/`,
    description: describeProduct(vendor, model) ?? name.description,
    bus: name.bus,
    isUsb: true,
    isRemovable: true,
    isVirtual: false,
    sizeBytes: null,
  };
  const destination: Destination = {
    id: `volume:${path}`,
    kind: 'removable-volume',
    path,
    label: device.description ?? name.host,
    provider: null,
    account: null,
    device,
    evidence: [`gvfs ${name.bus.toUpperCase()} device under ${gvfsRoot}`],
  };

  const fields: Partial<DeviceIdentity> = {
    vendorId: usb?.vendorId ?? null,
    productId: usb?.productId ?? null,
    serial: usb?.serial ?? name.serial,
    vendor,
    model,
  };
  return applyVolumeIdentity(destination, {
    fields,
    sources: usb === null ? ['gvfs folder name'] : ['gvfs folder name', `sysfs ${usb.path}`],
  });
}

/** The USB device a gvfs folder names, by address or by serial; null when sysfs does not show it. */
async function findUsbDevice(
  name: GvfsDeviceName,
  sysfsRoot: string,
): Promise<SysfsUsbDevice | null> {
  if (name.usbAddress === null && name.serial === null) {
    return null;
  }

  // Devices, not their interfaces (`1-2:1.0`)
  const devicesFolder = join(sysfsRoot, 'bus', 'usb', 'devices');
  let entries: string[];
  try {
    entries = (await readdir(devicesFolder)).filter((entry) => !entry.includes(':'));
  } catch {
    return null;
  }

  for (const entry of entries) {
    const folder = join(devicesFolder, entry);
    if (name.usbAddress !== null) {
      const busNumber = Number(await readAttribute(join(folder, 'busnum')));
      const deviceNumber = Number(await readAttribute(join(folder, 'devnum')));
      if (
        busNumber === name.usbAddress.busNumber &&
        deviceNumber === name.usbAddress.deviceNumber
      ) {
        return readUsbDevice(folder);
      }
    } else if ((await readAttribute(join(folder, 'serial'))) === name.serial) {
      return readUsbDevice(folder);
    }
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
