import { posix, win32 } from 'node:path';

import type { Drive } from 'drivelist';

import { DisposableStore } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import type { Destination, DestinationSource } from './destination.ts';
import { createIdentityReader } from './identity/create-identity-reader.ts';
import { defaultGvfsPollIntervalMs, GvfsDeviceSource } from './identity/gvfs-device-source.ts';
import { defaultGvfsRoots } from './identity/gvfs-devices.ts';
import { defaultIdentityWaitMs, VolumeIdentityCache } from './identity/identity-cache.ts';
import { applyVolumeIdentity, type IdentityReader } from './identity/volume-identity.ts';
import {
  defaultMountPollIntervalMs,
  findmntEventCommand,
  MountChangeWatcher,
} from './mount-change-watcher.ts';
import { defaultMountInfoPath, readMountInfo, type MountEntry } from './mountinfo.ts';
import { buildVolumeDestinations } from './volume-destinations.ts';

/** How often drivelist is asked again by default. It spawns `lsblk` on Linux. */
export const defaultDrivelistIntervalMs = 3_000;

/** Options for a {@link RemovableVolumeSource}. */
export interface RemovableVolumeSourceOptions {
  /** Folders whose sub-folders hold removable volumes; see {@link defaultMountRoots}. */
  mountRoots: readonly string[];
  logger: Logger;
  /** How often drivelist is asked again, to see drives that changed without a mount change. */
  drivelistIntervalMs?: number;
  /** How often the mount table is compared; the guarantee of timely change events on Linux. */
  mountPollIntervalMs?: number;
  /** Lists drives; defaults to drivelist's `list`. Tests feed recorded `lsblk` output here. */
  listDrives?: () => Promise<Drive[]>;
  /** The mount table; defaults to `/proc/self/mountinfo` on Linux. Null where there is none. */
  mountInfoPath?: string | null;
  /**
   * A command printing a line per mount-table change; defaults to `findmnt --poll` when the
   * mount table is this process's own. Null leaves change detection to the poll.
   */
  mountEventCommand?: readonly string[] | null;
  /** The platform whose path rules apply; defaults to the running one. */
  platform?: NodeJS.Platform;
  /** Reads vendor, product, serial, label and the like; defaults to the platform's reader. */
  identityReader?: IdentityReader;
  /**
   * How long a list after the first waits for device identities still being read before it
   * returns without them; they follow with a change signal. Keeps arming fast where the OS
   * tools are slow (the first list, at start, waits for them all).
   */
  identityWaitMs?: number;
  /** The gvfs folders where phones and cameras appear (Linux); none on other platforms. */
  listGvfsRoots?: () => Promise<readonly string[]>;
  /** How often the gvfs folders are listed. */
  gvfsPollIntervalMs?: number;
  /** Where sysfs is, for the USB ids of gvfs devices; tests point it at a recorded tree. */
  sysfsRoot?: string;
}

/** The folders in which each platform's desktop mounts removable volumes. */
export function defaultMountRoots(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'linux':
      // udisks: /media/<user>/<label> (Debian family) or /run/media/<user>/<label>
      return ['/media', '/run/media'];
    case 'darwin':
      return ['/Volumes'];
    default:
      // Windows mounts volumes on drive letters, which drivelist reports
      return [];
  }
}

/**
 * Removable volumes: the mount points of USB and removable drives (drivelist), every real
 * mount under a mount root (which is how loop, zram and FUSE volumes count), and phones and
 * cameras in gvfs folders, each with its device identity. Signals changes within a few hundred
 * milliseconds of a mount on Linux; drivelist, which spawns a process, runs only when the mounts
 * changed and every `drivelistIntervalMs`; identities are read once per mount.
 */
export class RemovableVolumeSource implements DestinationSource {
  readonly #logger: Logger;
  readonly #mountRoots: readonly string[];
  readonly #mountInfoPath: string | null;
  readonly #platform: NodeJS.Platform;
  readonly #listDrives: () => Promise<Drive[]>;
  readonly #identities: VolumeIdentityCache;
  readonly #gvfsDevices: GvfsDeviceSource;
  readonly #onDidChange = new Emitter<void>();
  readonly #disposables = new DisposableStore();
  #drives: Drive[] | null = null;
  #drivesSignature = '';
  #isRefreshingDrives = false;
  #hasListed = false;
  readonly #ready: Promise<void>;

  readonly onDidChange: Event<void> = this.#onDidChange.event;

  constructor(options: RemovableVolumeSourceOptions) {
    this.#logger = options.logger.child('RemovableVolumes');
    this.#mountRoots = options.mountRoots;
    this.#platform = options.platform ?? process.platform;
    this.#mountInfoPath =
      options.mountInfoPath === undefined
        ? this.#platform === 'linux'
          ? defaultMountInfoPath
          : null
        : options.mountInfoPath;
    this.#listDrives = options.listDrives ?? listDrivesWithDrivelist;
    this.#disposables.add(this.#onDidChange);

    // Identities, read once per mount; late ones make the destinations change
    this.#identities = this.#disposables.add(
      new VolumeIdentityCache({
        reader: options.identityReader ?? createIdentityReader(this.#platform, this.#logger),
        logger: this.#logger,
        waitMs: options.identityWaitMs ?? defaultIdentityWaitMs,
        onLateIdentity: () => {
          this.#onDidChange.fire();
        },
      }),
    );

    // Watch mounts; a mount change also makes the cached drives stale
    const watcher = this.#disposables.add(
      new MountChangeWatcher({
        mountRoots: this.#mountRoots,
        mountInfoPath: this.#mountInfoPath,
        mountPollIntervalMs: options.mountPollIntervalMs ?? defaultMountPollIntervalMs,
        rootRetryIntervalMs: options.drivelistIntervalMs ?? defaultDrivelistIntervalMs,
        watchSettleMs: 1_000,
        mountEventCommand:
          options.mountEventCommand === undefined
            ? this.#mountInfoPath === defaultMountInfoPath
              ? findmntEventCommand
              : null
            : options.mountEventCommand,
        logger: this.#logger,
      }),
    );
    this.#disposables.add(
      watcher.onDidChange(() => {
        this.#drives = null;
        this.#onDidChange.fire();
      }),
    );

    // Phones and cameras in gvfs folders
    this.#gvfsDevices = this.#disposables.add(
      new GvfsDeviceSource({
        listRoots:
          options.listGvfsRoots ??
          (this.#platform === 'linux' ? defaultGvfsRoots : () => Promise.resolve([])),
        pollIntervalMs: options.gvfsPollIntervalMs ?? defaultGvfsPollIntervalMs,
        ...(options.sysfsRoot !== undefined && { sysfsRoot: options.sysfsRoot }),
      }),
    );
    this.#disposables.add(
      this.#gvfsDevices.onDidChange(() => {
        this.#onDidChange.fire();
      }),
    );
    this.#ready = Promise.all([watcher.start(), this.#gvfsDevices.start()]).then(
      () => undefined,
      (error: unknown) => {
        this.#logger.error('Could not start watching mounts', error);
      },
    );

    // Ask drivelist again now and then
    const timer = setInterval(
      () => void this.#refreshDrives(),
      options.drivelistIntervalMs ?? defaultDrivelistIntervalMs,
    );
    this.#disposables.add({
      dispose: () => {
        clearInterval(timer);
      },
    });
  }

  /** Resolves once the mount watches are armed; changes before that may go unsignalled. */
  whenReady(): Promise<void> {
    return this.#ready;
  }

  async list(): Promise<Destination[]> {
    // Drives from the cache unless mounts changed since it was filled
    const drives = this.#drives ?? (await this.#refreshDrives()) ?? [];

    // The mount table
    const mounts =
      this.#mountInfoPath === null ? [] : await readMountInfo(this.#mountInfoPath, this.#logger);

    const volumes = buildVolumeDestinations({
      drives,
      mounts,
      mountRoots: this.#mountRoots,
      pathApi: this.#platform === 'win32' ? win32 : posix,
    });

    // Each volume's identity, then the phones and cameras gvfs shows
    const identities = await this.#identities.lookup(
      volumes.map((volume) => ({
        mountPoint: volume.path,
        device: volume.device?.device ?? null,
        mount: visibleMountAt(mounts, volume.path),
      })),
      !this.#hasListed,
    );
    this.#hasListed = true;
    return [
      ...volumes.map((volume) => applyVolumeIdentity(volume, identities.get(volume.path))),
      ...(await this.#gvfsDevices.list()),
    ];
  }

  async dispose(): Promise<void> {
    await this.#disposables.dispose();
  }

  /** Lists drives, caches them, and signals a change when they differ from the last list. */
  async #refreshDrives(): Promise<Drive[] | null> {
    // One refresh at a time from the timer; list() uses what it gets
    if (this.#isRefreshingDrives) {
      return this.#drives;
    }
    this.#isRefreshingDrives = true;

    try {
      const drives = await this.#listDrives();
      const signature = JSON.stringify(drives.map(driveSignature));
      const changed = signature !== this.#drivesSignature;
      this.#drives = drives;
      this.#drivesSignature = signature;
      if (changed && !this.#disposables.isDisposed) {
        this.#onDidChange.fire();
      }
      return drives;
    } catch (error) {
      // lsblk failing or the addon missing: mount roots still give volumes
      this.#logger.warn('Listing drives failed; using mounts only', error);
      return null;
    } finally {
      this.#isRefreshingDrives = false;
    }
  }
}

/** The mount seen at a mount point: the last one, when mounts are stacked. */
function visibleMountAt(mounts: readonly MountEntry[], mountPoint: string): MountEntry | null {
  return mounts.findLast((mount) => mount.mountPoint === mountPoint) ?? null;
}

/** The parts of a drive that make a destination differ. */
function driveSignature(drive: Drive): unknown[] {
  return [
    drive.device,
    drive.isUSB,
    drive.isRemovable,
    drive.isSystem,
    drive.mountpoints.map((mountpoint) => mountpoint.path),
  ];
}

/** drivelist loads a native addon; loading it on first use keeps a broken addon an expected failure. */
async function listDrivesWithDrivelist(): Promise<Drive[]> {
  const drivelist = await import('drivelist');
  return drivelist.list();
}
