import type { Logger } from '../../base/logger.ts';
import type { DeviceIdentity } from '../destination.ts';
import { asArray, asRecord, firstKnown, parseJson, stringValue } from './identity-values.ts';
import { runTool, type ToolResult } from './run-tool.ts';
import type { IdentityReader, IdentityTarget, VolumeIdentity } from './volume-identity.ts';
import {
  parseGetDisk,
  parsePnpDeviceId,
  parseUsbInstanceId,
  parseWin32DiskDrives,
  type WindowsDisk,
  type WindowsDiskDrive,
} from './windows-disks.ts';
import {
  parseBitLockerVolumes,
  parsePartitions,
  parseVolumes,
  parseVolumeSerials,
  type BitLockerState,
  type WindowsPartition,
  type WindowsVolume,
} from './windows-volumes.ts';

/**
 * One PowerShell run gathers every source as one JSON object. Enumerations are converted to
 * their names so that the output reads the same on Windows PowerShell 5.1 and PowerShell 7;
 * Get-BitLockerVolume needs administrator rights and is simply empty without them.
 */
export const windowsIdentityScript = [
  "$ErrorActionPreference = 'SilentlyContinue'",
  '$disks = @(Get-Disk | Select-Object Number, FriendlyName, SerialNumber, Size, Manufacturer, Model, IsBoot, IsSystem, @{n="BusType";e={[string]$_.BusType}})',
  '$drives = @(Get-CimInstance Win32_DiskDrive | Select-Object Index, DeviceID, Model, PNPDeviceID, SerialNumber, InterfaceType, MediaType, Size)',
  '$parents = @(foreach ($d in $drives) { [pscustomobject]@{ Child = $d.PNPDeviceID; Parent = (Get-PnpDeviceProperty -InstanceId $d.PNPDeviceID -KeyName DEVPKEY_Device_Parent).Data } })',
  '$partitions = @(Get-Partition | Select-Object DiskNumber, AccessPaths, @{n="DriveLetter";e={[string]$_.DriveLetter}})',
  '$volumes = @(Get-Volume | Select-Object FileSystemLabel, FileSystem, FileSystemType, Path, UniqueId, @{n="DriveLetter";e={[string]$_.DriveLetter}}, @{n="DriveType";e={[string]$_.DriveType}})',
  '$serials = @(Get-CimInstance Win32_Volume | Select-Object DeviceID, SerialNumber)',
  '$bitLocker = @(Get-BitLockerVolume | Select-Object MountPoint, @{n="VolumeStatus";e={[string]$_.VolumeStatus}})',
  '[pscustomobject]@{ disks = $disks; diskDrives = $drives; parents = $parents; partitions = $partitions; volumes = $volumes; volumeSerials = $serials; bitLocker = $bitLocker } | ConvertTo-Json -Depth 4 -Compress',
].join('\n');

/** Everything the script gathered, parsed. */
export interface WindowsStorage {
  disks: WindowsDisk[];
  diskDrives: WindowsDiskDrive[];
  /** The parent device instance id of each disk drive's PnP id, by the child id in lower case. */
  parents: Map<string, string>;
  partitions: WindowsPartition[];
  volumes: WindowsVolume[];
  /** Volume serials by volume path in lower case. */
  volumeSerials: Map<string, string>;
  bitLocker: BitLockerState[];
}

/** Options for a {@link WindowsIdentityReader}. */
export interface WindowsIdentityReaderOptions {
  logger: Logger;
  /** Runs {@link windowsIdentityScript}; tests feed recorded output. */
  runScript?: () => Promise<ToolResult>;
}

/**
 * Windows identities from one PowerShell run: Get-Disk (bus, size), Win32_DiskDrive (the PnP id
 * with the SCSI vendor and product, and its parent USB device with VID, PID and serial),
 * Get-Partition (which disk a drive letter is on), Get-Volume (label, filesystem),
 * Win32_Volume (the volume serial) and Get-BitLockerVolume (BitLocker To Go).
 *
 * Known shortcoming: vendor and model are the SCSI inquiry names from the PnP id (`SANDISK`,
 * `CRUZER BLADE`), where Linux and macOS give the USB descriptor's strings; the USB ids and
 * serial, which approvals use, agree. Reading the USB device's own strings (its bus-reported
 * description) would remove the difference.
 */
export class WindowsIdentityReader implements IdentityReader {
  readonly #logger: Logger;
  readonly #runScript: () => Promise<ToolResult>;

  constructor(options: WindowsIdentityReaderOptions) {
    this.#logger = options.logger.child('WindowsIdentity');
    this.#runScript =
      options.runScript ??
      (() =>
        runTool(
          'powershell.exe',
          [
            '-NoProfile',
            '-NonInteractive',
            '-EncodedCommand',
            encodeCommand(windowsIdentityScript),
          ],
          { timeoutMs: 30_000, maxOutputBytes: 8 * 1024 * 1024 },
        ));
  }

  async read(targets: readonly IdentityTarget[]): Promise<Map<string, VolumeIdentity>> {
    const result = await this.#runScript();
    const storage = result.ok ? parseWindowsStorage(result.stdout) : null;
    if (storage === null) {
      this.#logger.debug(
        `PowerShell told nothing about disks: ${result.ok ? 'unexpected output' : result.message}`,
      );
      return new Map();
    }

    const identities = new Map<string, VolumeIdentity>();
    for (const target of targets) {
      const identity = windowsIdentityOf(storage, target.mountPoint);
      if (identity !== null) {
        identities.set(target.mountPoint, identity);
      }
    }
    return identities;
  }
}

/** Parses the script's output; null when it is not the object the script prints. */
export function parseWindowsStorage(text: string): WindowsStorage | null {
  const parsed = parseJson(text);
  const root = parsed.ok ? asRecord(parsed.value) : null;
  if (root === null) {
    return null;
  }

  const parents = new Map<string, string>();
  for (const item of asArray(root['parents'])) {
    const record = asRecord(item);
    const child = record === null ? null : stringValue(record, 'Child');
    const parent = record === null ? null : stringValue(record, 'Parent');
    if (child !== null && parent !== null) {
      parents.set(child.toLowerCase(), parent);
    }
  }

  return {
    disks: parseGetDisk(root['disks']),
    diskDrives: parseWin32DiskDrives(root['diskDrives']),
    parents,
    partitions: parsePartitions(root['partitions']),
    volumes: parseVolumes(root['volumes']),
    volumeSerials: parseVolumeSerials(root['volumeSerials']),
    bitLocker: parseBitLockerVolumes(root['bitLocker']),
  };
}

/** The identity of the volume at `mountPoint` (`E:\` or a folder), or null when no partition has it. */
export function windowsIdentityOf(
  storage: WindowsStorage,
  mountPoint: string,
): VolumeIdentity | null {
  // The partition reachable at the mount point, and its volume's path
  const wanted = withTrailingSeparator(mountPoint).toLowerCase();
  const partition = storage.partitions.find((candidate) =>
    candidate.accessPaths.some((path) => withTrailingSeparator(path).toLowerCase() === wanted),
  );
  if (partition === undefined) {
    return null;
  }
  const volumePath = partition.accessPaths.find((path) => path.startsWith('\\\\?\\Volume')) ?? null;

  // The disk it is on, and the USB device above the disk
  const disk = storage.disks.find((candidate) => candidate.number === partition.diskNumber);
  const drive = storage.diskDrives.find((candidate) => candidate.index === partition.diskNumber);
  const pnpDeviceId = drive?.pnpDeviceId ?? null;
  const pnp = pnpDeviceId === null ? null : parsePnpDeviceId(pnpDeviceId);
  const parentId =
    pnpDeviceId === null ? undefined : storage.parents.get(pnpDeviceId.toLowerCase());
  const usb = parentId === undefined ? null : parseUsbInstanceId(parentId);

  // The volume and its BitLocker state
  const volume = storage.volumes.find((candidate) =>
    volumePath !== null && candidate.path !== null
      ? candidate.path.toLowerCase() === volumePath.toLowerCase()
      : partition.driveLetter !== null && candidate.driveLetter === partition.driveLetter,
  );
  const bitLocker = storage.bitLocker.find((state) =>
    [`${partition.driveLetter ?? ''}:`, volumePath ?? ''].some(
      (name) => name.toLowerCase() === state.mountPoint.toLowerCase(),
    ),
  );

  const bus = firstKnown(disk?.bus, drive?.interfaceType === 'USB' ? 'usb' : null);
  const fields: Partial<DeviceIdentity> = {
    device: drive?.deviceId ?? `\\\\.\\PHYSICALDRIVE${partition.diskNumber}`,
    description: firstKnown(disk?.friendlyName, drive?.model),
    bus,
    isUsb: bus === 'usb',
    isRemovable:
      volume?.driveType === 'Removable' ||
      /removable|external/i.test(drive?.mediaType ?? '') ||
      bus === 'usb' ||
      bus === 'sd',
    isVirtual: bus === 'virtual',
    sizeBytes: firstKnown(disk?.sizeBytes, drive?.sizeBytes),
    vendorId: usb?.vendorId ?? null,
    productId: usb?.productId ?? null,
    serial: firstKnown(usb?.serial, pnp?.serial, disk?.serial, drive?.serial),
    vendor: firstKnown(pnp?.vendor, disk?.manufacturer),
    model: firstKnown(pnp?.product, disk?.model, drive?.model),
    volumeLabel: volume?.label ?? null,
    filesystem: volume?.filesystem ?? null,
    volumeUuid:
      volumePath === null ? null : (storage.volumeSerials.get(volumePath.toLowerCase()) ?? null),
    encrypted: bitLocker?.encrypted ?? null,
  };
  const found: Array<[string, unknown]> = [
    ['Get-Disk', disk],
    ['Win32_DiskDrive', drive],
    ['PnP parent device', usb],
    ['Get-Volume', volume],
    ['Get-BitLockerVolume', bitLocker],
  ];
  const sources = [
    'Get-Partition',
    ...found.filter(([, value]) => (value ?? null) !== null).map(([source]) => source),
  ];
  return { fields, sources };
}

function withTrailingSeparator(path: string): string {
  return path.endsWith('\\') ? path : `${path}\\`;
}

/** PowerShell's -EncodedCommand takes the script as UTF-16LE in base64, which needs no quoting. */
function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
