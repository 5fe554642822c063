import {
  asArray,
  asRecord,
  booleanValue,
  cleanText,
  numberValue,
  parseJson,
  stringValue,
  type JsonRecord,
} from './identity-values.ts';

/**
 * The lsblk command line the Linux reader runs: one flat list (`--list`) where each device names
 * its parent (`PKNAME`), in lsblk's JSON format (util-linux 2.27 and later).
 */
export const lsblkArguments = [
  '--bytes',
  '--json',
  '--list',
  '--paths',
  '--output',
  'NAME,KNAME,PKNAME,MAJ:MIN,TYPE,TRAN,SUBSYSTEMS,VENDOR,MODEL,SERIAL,SIZE,RM,HOTPLUG,LABEL,FSTYPE,UUID,MOUNTPOINT',
] as const;

/** One block device as lsblk lists it. Label, filesystem and UUID come from udev's database. */
export interface LsblkDevice {
  /** The device path, such as `/dev/sdb1` or `/dev/mapper/luks-1234`. */
  name: string;
  /** The kernel's name, such as `/dev/dm-0`. */
  kernelName: string;
  /** The parent device path (the disk of a partition), or null for a whole device. */
  parent: string | null;
  /** `major:minor`. */
  deviceNumber: string | null;
  /** `disk`, `part`, `crypt`, `loop`, `rom`, `lvm`... */
  type: string | null;
  /** The transport: `usb`, `sata`, `nvme`, `mmc`, `sbp` (FireWire)...; null when none. */
  transport: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  sizeBytes: number | null;
  removable: boolean | null;
  hotplug: boolean | null;
  label: string | null;
  filesystem: string | null;
  uuid: string | null;
  /** Where the device is mounted (the first place, when several), or null. */
  mountPoint: string | null;
}

/** Parses `lsblk --json --list` output into devices by path; null when it is not such output. */
export function parseLsblkList(text: string): Map<string, LsblkDevice> | null {
  const parsed = parseJson(text);
  const root = parsed.ok ? asRecord(parsed.value) : null;
  if (root === null || !Array.isArray(root['blockdevices'])) {
    return null;
  }

  // A device listed twice (under two parents) keeps its first parent
  const devices = new Map<string, LsblkDevice>();
  for (const item of asArray(root['blockdevices'])) {
    const record = asRecord(item);
    const device = record === null ? null : deviceFromRecord(record);
    if (device !== null && !devices.has(device.name)) {
      devices.set(device.name, device);
    }
  }
  return devices;
}

/**
 * The device and its ancestors, nearest first: `[crypt, part, disk]` for an encrypted partition.
 * Stops at a loop in the parent links, which only malformed output can make.
 */
export function lsblkChain(devices: ReadonlyMap<string, LsblkDevice>, name: string): LsblkDevice[] {
  const chain: LsblkDevice[] = [];
  let current = devices.get(name) ?? findByKernelName(devices, name);
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = current.parent === null ? undefined : devices.get(current.parent);
  }
  return chain;
}

/** The device mounted at `mountPoint`, for volumes whose mount-table entry is not at hand. */
export function lsblkDeviceMountedAt(
  devices: ReadonlyMap<string, LsblkDevice>,
  mountPoint: string,
): LsblkDevice | undefined {
  return [...devices.values()].find((device) => device.mountPoint === mountPoint);
}

/** Whether a chain holds an encryption layer: a dm-crypt device or a LUKS container. */
export function chainIsEncrypted(chain: readonly LsblkDevice[]): boolean {
  return chain.some((device) => device.type === 'crypt' || device.filesystem === 'crypto_LUKS');
}

function findByKernelName(
  devices: ReadonlyMap<string, LsblkDevice>,
  kernelName: string,
): LsblkDevice | undefined {
  return [...devices.values()].find((device) => device.kernelName === kernelName);
}

function deviceFromRecord(record: JsonRecord): LsblkDevice | null {
  const name = stringValue(record, 'name');
  if (name === null) {
    return null;
  }

  return {
    name,
    kernelName: stringValue(record, 'kname') ?? name,
    parent: stringValue(record, 'pkname'),
    deviceNumber: stringValue(record, 'maj:min'),
    type: stringValue(record, 'type'),
    transport: stringValue(record, 'tran'),
    vendor: cleanText(stringValue(record, 'vendor')),
    model: cleanText(stringValue(record, 'model')),
    serial: stringValue(record, 'serial'),
    sizeBytes: numberValue(record, 'size'),
    // lsblk 2.33 and later print booleans; older versions print "0" and "1"
    removable: booleanValue(record, 'rm'),
    hotplug: booleanValue(record, 'hotplug'),
    label: stringValue(record, 'label'),
    filesystem: stringValue(record, 'fstype'),
    uuid: stringValue(record, 'uuid'),
    mountPoint: stringValue(record, 'mountpoint'),
  };
}
