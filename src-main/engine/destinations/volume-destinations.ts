import { posix } from 'node:path';

import type { Drive } from 'drivelist';

import type { Destination, DeviceIdentity } from './destination.ts';
import type { MountEntry } from './mountinfo.ts';
import { networkShareProtocol } from './network-shares.ts';

/**
 * Filesystems that never hold a user's volume: kernel interfaces, memory-backed trees, and
 * automount placeholders (the real volume is mounted on top of them).
 */
const pseudoFilesystems = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'hugetlbfs',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'sysfs',
  'tmpfs',
  'tracefs',
]);

/** Block devices that are backed by a file or by memory rather than by hardware. */
const virtualDevicePattern = /^\/dev\/(loop|zram|ram|nbd)\d+/;

/** What the volume destinations are computed from: one snapshot of drives and mounts. */
export interface VolumeSnapshot {
  /** The drives drivelist reported; empty when it failed. */
  drives: readonly Drive[];
  /** The mount table; empty where there is none (macOS, Windows). */
  mounts: readonly MountEntry[];
  /** Folders whose sub-folders hold removable volumes, such as `/media`. */
  mountRoots: readonly string[];
  /** The path flavour of the platform; joins and bases of mount points use it. */
  pathApi: Pick<typeof posix, 'basename' | 'relative' | 'isAbsolute' | 'sep'>;
}

/** Whether a filesystem type is a kernel or memory filesystem that no user volume carries. */
export function isPseudoFilesystem(fsType: string): boolean {
  return pseudoFilesystems.has(fsType);
}

/** Whether drivelist's verdict makes a drive an exit: USB or removable hardware, not system. */
export function isRemovableDrive(drive: Drive): boolean {
  if (drive.isSystem) {
    return false;
  }
  // zram and similar memory devices report removable and virtual: they are not exits
  return drive.isUSB === true || (drive.isRemovable && drive.isVirtual !== true);
}

/** Whether `path` lies strictly inside `root`. */
export function isStrictlyUnder(
  path: string,
  root: string,
  pathApi: VolumeSnapshot['pathApi'],
): boolean {
  const relative = pathApi.relative(root, path);
  return relative !== '' && !relative.startsWith('..') && !pathApi.isAbsolute(relative);
}

/**
 * Computes the removable-volume destinations: every mount point of a removable or USB drive,
 * and every real mount strictly under a mount root. A mount point found both ways is one
 * destination carrying both pieces of evidence.
 */
export function buildVolumeDestinations(snapshot: VolumeSnapshot): Destination[] {
  const byMountPoint = new Map<string, Destination>();

  // Mount points of removable drives
  for (const drive of snapshot.drives) {
    if (!isRemovableDrive(drive)) {
      continue;
    }
    for (const mountpoint of drive.mountpoints) {
      const destination = ensureDestination(byMountPoint, mountpoint.path, snapshot);
      destination.device = deviceFromDrive(drive);
      destination.evidence.push(`drivelist: ${describeDrive(drive)}`);
    }
  }

  // Mounts under a mount root; a stacked mount point keeps its last (visible) mount
  const visibleMounts = new Map(snapshot.mounts.map((mount) => [mount.mountPoint, mount]));
  for (const mount of visibleMounts.values()) {
    // A network share mounted under a mount root is a share, not a removable volume
    if (isPseudoFilesystem(mount.fsType) || networkShareProtocol(mount.fsType) !== null) {
      continue;
    }
    const root = snapshot.mountRoots.find((candidate) =>
      isStrictlyUnder(mount.mountPoint, candidate, snapshot.pathApi),
    );
    if (root === undefined) {
      continue;
    }
    const destination = ensureDestination(byMountPoint, mount.mountPoint, snapshot);
    destination.device ??= deviceFromMount(mount, snapshot.drives);
    destination.evidence.push(`mounted under mount root ${root} (${mount.fsType})`);
  }

  return [...byMountPoint.values()];
}

function ensureDestination(
  byMountPoint: Map<string, Destination>,
  mountPoint: string,
  snapshot: VolumeSnapshot,
): Destination {
  const existing = byMountPoint.get(mountPoint);
  if (existing !== undefined) {
    return existing;
  }

  const destination: Destination = {
    id: `volume:${mountPoint}`,
    kind: 'removable-volume',
    path: mountPoint,
    label: snapshot.pathApi.basename(mountPoint) || mountPoint,
    provider: null,
    account: null,
    device: null,
    evidence: [],
  };
  byMountPoint.set(mountPoint, destination);
  return destination;
}

function deviceFromDrive(drive: Drive): DeviceIdentity {
  return {
    device: drive.device,
    description: drive.description === '' ? null : drive.description,
    bus: drive.busType === 'UNKNOWN' ? null : drive.busType.toLowerCase(),
    isUsb: drive.isUSB === true,
    isRemovable: drive.isRemovable,
    isVirtual: drive.isVirtual === true,
    sizeBytes: drive.size,
  };
}

/**
 * The device behind a mount that drivelist did not name: the drive whose partition is the
 * mount source when drivelist knows it, else what the source path itself tells.
 */
function deviceFromMount(mount: MountEntry, drives: readonly Drive[]): DeviceIdentity | null {
  // A partition of a drive that drivelist knows, such as /dev/sdb1 of /dev/sdb
  const parent = drives.find((drive) => isPartitionOf(mount.source, drive.device));
  if (parent !== undefined) {
    return deviceFromDrive(parent);
  }

  // A block device or backing file that drivelist does not list (loop, zram, FUSE image)
  if (!posix.isAbsolute(mount.source)) {
    return null;
  }
  const isBlockDevice = mount.source.startsWith('/dev/');
  return {
    device: mount.source,
    description: null,
    bus: null,
    isUsb: false,
    isRemovable: false,
    isVirtual: !isBlockDevice || virtualDevicePattern.test(mount.source),
    sizeBytes: null,
  };
}

/** Whether `source` is `device` or one of its partitions (`/dev/sdb1`, `/dev/nvme0n1p2`). */
function isPartitionOf(source: string, device: string): boolean {
  if (source === device) {
    return true;
  }
  const suffix = source.startsWith(device) ? source.slice(device.length) : null;
  return suffix !== null && /^p?\d+$/.test(suffix);
}

function describeDrive(drive: Drive): string {
  const traits = [
    drive.isUSB === true ? 'USB' : null,
    drive.isRemovable ? 'removable' : null,
    drive.isVirtual === true ? 'virtual' : null,
  ].filter((trait) => trait !== null);
  return [...traits, drive.device].join(' ');
}
