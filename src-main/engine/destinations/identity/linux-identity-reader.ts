import { realpath } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

import type { Logger } from '../../base/logger.ts';
import { readBoundedText } from '../bounded-read.ts';
import type { DeviceIdentity } from '../destination.ts';
import { firstKnown } from './identity-values.ts';
import {
  busFlags,
  filesystemOfMount,
  fuseDeviceBuses,
  hardwareFields,
} from './linux-identity-fields.ts';
import {
  chainIsEncrypted,
  lsblkArguments,
  lsblkChain,
  lsblkDeviceMountedAt,
  parseLsblkList,
} from './linux-lsblk.ts';
import type { LsblkDevice } from './linux-lsblk.ts';
import {
  defaultUdevDataRoot,
  encodedProperty,
  parseDeviceProperties,
  udevDataPath,
  type DeviceProperties,
} from './linux-properties.ts';
import { defaultSysfsRoot, readSysfsBlockDevice } from './linux-sysfs.ts';
import { runTool, type ToolResult } from './run-tool.ts';
import type { IdentityReader, IdentityTarget, VolumeIdentity } from './volume-identity.ts';

/** udev database files hold a few dozen properties. */
const maxUdevDataBytes = 64 * 1024;

/** lsblk's listing of every block device; thousands of devices stay far below this. */
const maxLsblkOutputBytes = 4 * 1024 * 1024;

/** Options for a {@link LinuxIdentityReader}. */
export interface LinuxIdentityReaderOptions {
  logger: Logger;
  /** Where sysfs is; tests point it at a recorded tree. */
  sysfsRoot?: string;
  /** udev's database folder; tests point it at recorded files. */
  udevDataRoot?: string;
  /** Lists block devices; defaults to running lsblk. */
  runLsblk?: () => Promise<ToolResult>;
  /** Probes a device or image for its filesystem; defaults to `blkid -p -o export`. */
  runBlkid?: (path: string) => Promise<ToolResult>;
}

/**
 * Linux identities: lsblk for the device tree, sysfs for USB vendor, product and serial (walking
 * up from the block device to the USB device), udev's database when udev runs, and blkid for the
 * label, filesystem and UUID when nothing else knows them (blkid reads the device: root only).
 *
 * Known gaps: a FUSE driver that reads an image it names only in its own arguments (fusefat
 * shows `fusefat` as the mount source) leaves no device to read, so such a volume has no
 * identity; without udev and without root, labels and UUIDs stay unknown.
 */
export class LinuxIdentityReader implements IdentityReader {
  readonly #logger: Logger;
  readonly #sysfsRoot: string;
  readonly #udevDataRoot: string;
  readonly #runLsblk: () => Promise<ToolResult>;
  readonly #runBlkid: (path: string) => Promise<ToolResult>;

  constructor(options: LinuxIdentityReaderOptions) {
    this.#logger = options.logger.child('LinuxIdentity');
    this.#sysfsRoot = options.sysfsRoot ?? defaultSysfsRoot;
    this.#udevDataRoot = options.udevDataRoot ?? defaultUdevDataRoot;
    this.#runLsblk =
      options.runLsblk ??
      (() =>
        runTool('lsblk', lsblkArguments, {
          timeoutMs: 5_000,
          maxOutputBytes: maxLsblkOutputBytes,
        }));
    this.#runBlkid =
      options.runBlkid ??
      ((path) =>
        runTool('blkid', ['-p', '-o', 'export', path], {
          timeoutMs: 2_000,
          maxOutputBytes: 64 * 1024,
        }));
  }

  async read(targets: readonly IdentityTarget[]): Promise<Map<string, VolumeIdentity>> {
    // One lsblk listing serves every target
    const devices = targets.some((target) => blockDeviceOf(target) !== null)
      ? await this.#listBlockDevices()
      : new Map<string, LsblkDevice>();

    const identities = new Map<string, VolumeIdentity>();
    for (const target of targets) {
      identities.set(target.mountPoint, await this.#readOne(target, devices));
    }
    return identities;
  }

  async #listBlockDevices(): Promise<Map<string, LsblkDevice>> {
    const result = await this.#runLsblk();
    const devices = result.ok ? parseLsblkList(result.stdout) : null;
    if (devices === null) {
      this.#logger.debug(
        `lsblk gave no device list: ${result.ok ? 'unexpected output' : result.message}`,
      );
    }
    return devices ?? new Map();
  }

  async #readOne(
    target: IdentityTarget,
    devices: ReadonlyMap<string, LsblkDevice>,
  ): Promise<VolumeIdentity> {
    const sources: string[] = [];
    const blockDevice = await resolveDevicePath(
      blockDeviceOf(target, lsblkDeviceMountedAt(devices, target.mountPoint)?.name ?? null),
    );
    const fsType = target.mount?.fsType ?? null;

    // The device tree and the hardware below the volume
    const chain = blockDevice === null ? [] : lsblkChain(devices, blockDevice);
    const volume = chain[0];
    const disk = chain.at(-1);
    const sysfs =
      blockDevice === null
        ? null
        : await readSysfsBlockDevice(volume?.kernelName ?? blockDevice, this.#sysfsRoot);
    noteSource(sources, chain.length > 0, 'lsblk');
    noteSource(sources, sysfs !== null, `sysfs ${sysfs?.usb?.path ?? sysfs?.devicePath ?? ''}`);

    // udev's properties of the volume and of its disk, where udev runs
    const volumeNumber =
      volume?.deviceNumber ?? (blockDevice === null ? null : target.mount?.deviceNumber);
    const volumeUdev = await this.#readUdev(volumeNumber ?? null);
    const diskUdev =
      disk === volume ? volumeUdev : await this.#readUdev(disk?.deviceNumber ?? null);
    noteSource(sources, volumeUdev.size + diskUdev.size > 0, 'udev database');

    // blkid when neither lsblk nor udev knows the filesystem (no udev running)
    const probePath = blockDevice ?? imageFileOf(target);
    const knownFilesystem = volume?.filesystem ?? volumeUdev.get('ID_FS_TYPE') ?? null;
    const probe =
      probePath === null || knownFilesystem !== null
        ? new Map<string, string>()
        : await this.#probe(probePath);
    noteSource(sources, probe.size > 0, `blkid ${probePath ?? ''}`);

    // The volume: label, filesystem, UUID and the encryption layer below it
    const mountFilesystem = filesystemOfMount(fsType);
    const volumeFields = {
      volumeLabel: firstKnown(
        volume?.label,
        encodedProperty(volumeUdev, 'ID_FS_LABEL'),
        probe.get('LABEL'),
      ),
      filesystem: firstKnown(knownFilesystem, probe.get('TYPE'), mountFilesystem),
      volumeUuid: firstKnown(volume?.uuid, volumeUdev.get('ID_FS_UUID'), probe.get('UUID')),
      encrypted:
        sysfs === null && chain.length === 0
          ? null
          : chainIsEncrypted(chain) || sysfs?.encrypted === true,
    } satisfies Partial<DeviceIdentity>;

    // Phones mounted by an MTP FUSE driver, and image files, say what they are by how they mount
    const hardware = hardwareFields(sysfs, disk, diskUdev);
    const bus = firstKnown(
      fsType === null ? null : fuseDeviceBuses[fsType],
      hardware.bus,
      imageFileOf(target) === null ? null : 'virtual',
    );
    const filesystemFromMount = knownFilesystem === null && probe.get('TYPE') === undefined;
    const fromMountTable =
      bus !== hardware.bus || (filesystemFromMount && mountFilesystem !== null);
    noteSource(sources, fromMountTable && fsType !== null, `mount table (${fsType ?? ''})`);

    return {
      fields: { ...hardware, ...volumeFields, ...busFlags(bus, hardware.isRemovable === true) },
      sources,
    };
  }

  async #readUdev(deviceNumber: string | null): Promise<DeviceProperties> {
    if (deviceNumber === null) {
      return new Map();
    }
    const result = await readBoundedText(
      udevDataPath(this.#udevDataRoot, deviceNumber),
      maxUdevDataBytes,
    );
    return result.ok ? parseDeviceProperties(result.text) : new Map();
  }

  async #probe(path: string): Promise<DeviceProperties> {
    const result = await this.#runBlkid(path);
    if (!result.ok) {
      this.#logger.debug(`could not probe ${path}: ${result.message}`);
      return new Map();
    }
    return parseDeviceProperties(result.stdout);
  }
}

/**
 * The block device behind a target: its mount source under /dev, else the device lsblk shows
 * mounted there, else the enumerated (whole) device.
 */
function blockDeviceOf(target: IdentityTarget, mountedThere: string | null = null): string | null {
  const source = target.mount?.source ?? null;
  if (source?.startsWith('/dev/') === true) {
    return source;
  }
  if (mountedThere !== null) {
    return mountedThere;
  }
  return target.device?.startsWith('/dev/') === true ? target.device : null;
}

/** The image file a FUSE driver mounted directly (ntfs-3g IMAGE DIR), if any. */
function imageFileOf(target: IdentityTarget): string | null {
  const source = target.mount?.source ?? null;
  return source !== null && isAbsolute(source) && !source.startsWith('/dev/') ? source : null;
}

/** `/dev/disk/by-uuid/...` links name the same device as lsblk's `/dev/sdb1`. */
async function resolveDevicePath(path: string | null): Promise<string | null> {
  if (path === null) {
    return null;
  }
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

function noteSource(sources: string[], applies: boolean, source: string): void {
  if (applies && !sources.includes(source)) {
    sources.push(source);
  }
}
