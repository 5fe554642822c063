import { posix, win32 } from 'node:path';

import type { Drive } from 'drivelist';

import { DisposableStore } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import type { Destination, DestinationSource } from './destination.ts';
import { defaultMountPollIntervalMs, MountChangeWatcher } from './mount-change-watcher.ts';
import { defaultMountInfoPath, readMountInfo } from './mountinfo.ts';
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
  /** The platform whose path rules apply; defaults to the running one. */
  platform?: NodeJS.Platform;
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
 * Removable volumes: the mount points of USB and removable drives (drivelist), and every real
 * mount under a mount root (which is how loop, zram and FUSE volumes count). Signals changes
 * within a few hundred milliseconds of a mount on Linux; drivelist, which spawns a process, runs
 * only when the mounts changed and every `drivelistIntervalMs`.
 */
export class RemovableVolumeSource implements DestinationSource {
  readonly #logger: Logger;
  readonly #mountRoots: readonly string[];
  readonly #mountInfoPath: string | null;
  readonly #platform: NodeJS.Platform;
  readonly #listDrives: () => Promise<Drive[]>;
  readonly #onDidChange = new Emitter<void>();
  readonly #disposables = new DisposableStore();
  #drives: Drive[] | null = null;
  #drivesSignature = '';
  #isRefreshingDrives = false;
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

    // Watch mounts; a mount change also makes the cached drives stale
    const watcher = this.#disposables.add(
      new MountChangeWatcher({
        mountRoots: this.#mountRoots,
        mountInfoPath: this.#mountInfoPath,
        mountPollIntervalMs: options.mountPollIntervalMs ?? defaultMountPollIntervalMs,
        rootRetryIntervalMs: options.drivelistIntervalMs ?? defaultDrivelistIntervalMs,
        watchSettleMs: 1_000,
        logger: this.#logger,
      }),
    );
    this.#disposables.add(
      watcher.onDidChange(() => {
        this.#drives = null;
        this.#onDidChange.fire();
      }),
    );
    this.#ready = watcher.start().catch((error: unknown) => {
      this.#logger.error('Could not start watching mounts', error);
    });

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

    return buildVolumeDestinations({
      drives,
      mounts,
      mountRoots: this.#mountRoots,
      pathApi: this.#platform === 'win32' ? win32 : posix,
    });
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
