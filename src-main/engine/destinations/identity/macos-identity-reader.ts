import type { Logger } from '../../base/logger.ts';
import type { DeviceIdentity } from '../destination.ts';
import { describeProduct, firstKnown } from './identity-values.ts';
import { parseDiskutilInfo, type DiskutilInfo } from './macos-diskutil.ts';
import {
  findUsbStorage,
  parseSystemProfilerUsb,
  type UsbStorageDevice,
} from './macos-system-profiler.ts';
import { runTool, type ToolResult } from './run-tool.ts';
import type { IdentityReader, IdentityTarget, VolumeIdentity } from './volume-identity.ts';

/** Options for a {@link MacosIdentityReader}. */
export interface MacosIdentityReaderOptions {
  logger: Logger;
  /** Runs `diskutil info -plist` on a mount point or disk; tests feed recorded output. */
  runDiskutil?: (disk: string) => Promise<ToolResult>;
  /** Runs `system_profiler SPUSBDataType -json`; tests feed recorded output. */
  runSystemProfiler?: () => Promise<ToolResult>;
}

/**
 * macOS identities: `diskutil info -plist` for the volume (label, filesystem, UUID, APFS
 * encryption) and for its whole disk (bus, size, removable), and `system_profiler
 * SPUSBDataType -json` for the USB vendor, product and serial of disks on USB. system_profiler
 * takes about a second, so it runs once per batch and only when a volume is on USB.
 */
export class MacosIdentityReader implements IdentityReader {
  readonly #logger: Logger;
  readonly #runDiskutil: (disk: string) => Promise<ToolResult>;
  readonly #runSystemProfiler: () => Promise<ToolResult>;

  constructor(options: MacosIdentityReaderOptions) {
    this.#logger = options.logger.child('MacosIdentity');
    this.#runDiskutil =
      options.runDiskutil ??
      ((disk) =>
        runTool('diskutil', ['info', '-plist', disk], {
          timeoutMs: 10_000,
          maxOutputBytes: 1024 * 1024,
        }));
    this.#runSystemProfiler =
      options.runSystemProfiler ??
      (() =>
        runTool('system_profiler', ['SPUSBDataType', '-json'], {
          timeoutMs: 20_000,
          maxOutputBytes: 8 * 1024 * 1024,
        }));
  }

  async read(targets: readonly IdentityTarget[]): Promise<Map<string, VolumeIdentity>> {
    // diskutil for each volume and its whole disk
    const volumes: Array<{
      target: IdentityTarget;
      volume: DiskutilInfo;
      disk: DiskutilInfo | null;
    }> = [];
    for (const target of targets) {
      const volume = await this.#diskutil(target.mountPoint);
      if (volume !== null) {
        volumes.push({ target, volume, disk: await this.#wholeDiskOf(volume) });
      }
    }

    // system_profiler once, when a disk is on USB
    const onUsb = volumes.some(({ volume, disk }) => (disk ?? volume).bus === 'usb');
    const usbDevices = onUsb ? await this.#usbStorage() : [];

    const identities = new Map<string, VolumeIdentity>();
    for (const { target, volume, disk } of volumes) {
      const usb = findUsbStorage(usbDevices, disk?.deviceIdentifier ?? volume.deviceIdentifier);
      identities.set(target.mountPoint, identityOf(volume, disk, usb));
    }
    return identities;
  }

  async #diskutil(disk: string): Promise<DiskutilInfo | null> {
    const result = await this.#runDiskutil(disk);
    const info = result.ok ? parseDiskutilInfo(result.stdout) : null;
    if (info === null) {
      this.#logger.debug(
        `diskutil told nothing about ${disk}: ${result.ok ? 'unexpected output' : result.message}`,
      );
    }
    return info;
  }

  /**
   * The physical whole disk: the parent of the volume's partition, or for an APFS volume the
   * parent of the partition its container is stored on.
   */
  async #wholeDiskOf(volume: DiskutilInfo): Promise<DiskutilInfo | null> {
    const store = volume.physicalStores[0];
    const storeInfo = store === undefined ? null : await this.#diskutil(store);
    const wholeDisk = storeInfo?.parentWholeDisk ?? volume.parentWholeDisk;
    if (wholeDisk === null || wholeDisk === volume.deviceIdentifier) {
      return null;
    }
    return this.#diskutil(wholeDisk);
  }

  async #usbStorage(): Promise<UsbStorageDevice[]> {
    const result = await this.#runSystemProfiler();
    const devices = result.ok ? parseSystemProfilerUsb(result.stdout) : null;
    if (devices === null) {
      this.#logger.debug(
        `system_profiler gave no USB list: ${result.ok ? 'unexpected output' : result.message}`,
      );
    }
    return devices ?? [];
  }
}

function identityOf(
  volume: DiskutilInfo,
  disk: DiskutilInfo | null,
  usb: UsbStorageDevice | undefined,
): VolumeIdentity {
  const hardware = disk ?? volume;
  const bus = hardware.bus;
  const vendor = usb?.manufacturer ?? null;
  const model = firstKnown(usb?.name, hardware.mediaName);

  const fields: Partial<DeviceIdentity> = {
    device: `/dev/${hardware.deviceIdentifier}`,
    description: describeProduct(vendor, model),
    bus,
    isUsb: bus === 'usb',
    isRemovable: hardware.isRemovable === true || hardware.isInternal === false,
    isVirtual: bus === 'virtual',
    sizeBytes: hardware.sizeBytes,
    vendorId: usb?.vendorId ?? null,
    productId: usb?.productId ?? null,
    serial: usb?.serial ?? null,
    vendor,
    model,
    volumeLabel: volume.volumeName,
    filesystem: volume.filesystem,
    volumeUuid: volume.volumeUuid,
    encrypted: volume.encrypted,
  };
  const sources = usb === undefined ? ['diskutil'] : ['diskutil', 'system_profiler'];
  return { fields, sources };
}
