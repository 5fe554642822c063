import type { Destination, DeviceIdentity } from '../destination.ts';
import type { MountEntry } from '../mountinfo.ts';
import { cleanText, describeProduct } from './identity-values.ts';

/** One mounted volume whose device identity is asked for. */
export interface IdentityTarget {
  /** Where the volume is mounted: the destination's path. */
  mountPoint: string;
  /** The device enumeration found (`/dev/sdb`, `\\.\PHYSICALDRIVE2`), or null. */
  device: string | null;
  /** The volume's mount-table entry on Linux; null elsewhere. */
  mount: MountEntry | null;
}

/** What a reader learned about the device and the volume behind one mount point. */
export interface VolumeIdentity {
  /** The fields learned. A field left out, or null, was not told and keeps what was known. */
  fields: Partial<DeviceIdentity>;
  /** Where the fields came from, one short phrase each (`sysfs usb 2-1`, `blkid /dev/loop3`). */
  sources: string[];
}

/**
 * Reads the identity of mounted volumes from what the operating system tells. Expected failures
 * (a missing tool, no permission, a device that went away) give fewer fields, never a rejection.
 */
export interface IdentityReader {
  /** Identities by mount point; mount points the reader learned nothing about are left out. */
  read(targets: readonly IdentityTarget[]): Promise<Map<string, VolumeIdentity>>;
}

/** A reader for platforms without one: it learns nothing. */
export const emptyIdentityReader: IdentityReader = {
  read: () => Promise.resolve(new Map()),
};

/** The identity fields beyond the enumeration's, in the order people read them. */
const detailKeys = [
  'vendorId',
  'productId',
  'serial',
  'vendor',
  'model',
  'volumeLabel',
  'filesystem',
  'volumeUuid',
  'encrypted',
] as const satisfies ReadonlyArray<keyof DeviceIdentity>;

/**
 * Returns the destination with its identity completed: known fields from `identity` override
 * what enumeration guessed, and every detail field is present, null when nobody told it, so that
 * `--json` readers see what is missing. A destination without any device stays without one
 * unless the reader named a device.
 */
export function applyVolumeIdentity(
  destination: Destination,
  identity: VolumeIdentity | undefined,
): Destination {
  // A device to complete: the enumerated one, or one the reader named
  const fields = identity?.fields ?? {};
  const base = destination.device ?? deviceFromFields(fields);
  if (base === null) {
    return destination;
  }

  // Known fields win; unknown detail fields become explicit nulls
  const known = Object.fromEntries(
    Object.entries(fields)
      .map(([key, value]) => [key, typeof value === 'string' ? cleanText(value) : value])
      .filter(([, value]) => (value ?? null) !== null),
  ) as Partial<DeviceIdentity>;
  const device: DeviceIdentity = { ...base, ...known };
  for (const key of detailKeys) {
    device[key] ??= null;
  }
  device.description ??= describeProduct(device.vendor ?? null, device.model ?? null);

  const evidence =
    identity !== undefined && identity.sources.length > 0
      ? [...destination.evidence, `identity from ${identity.sources.join(', ')}`]
      : destination.evidence;
  return { ...destination, device, evidence };
}

function deviceFromFields(fields: Partial<DeviceIdentity>): DeviceIdentity | null {
  if (fields.device === undefined) {
    return null;
  }
  return {
    device: fields.device,
    description: null,
    bus: null,
    isUsb: false,
    isRemovable: false,
    isVirtual: false,
    sizeBytes: null,
  };
}
