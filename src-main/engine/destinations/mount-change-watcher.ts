import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { readBoundedText } from './bounded-read.ts';
import { maxMountInfoBytes } from './mountinfo.ts';

/** How often the mount table is compared by default: it is small and lives in memory. */
export const defaultMountPollIntervalMs = 150;

/** Options for a {@link MountChangeWatcher}. */
export interface MountChangeWatcherOptions {
  /** Folders whose new sub-folders (and the users' folders inside them) signal a mount. */
  mountRoots: readonly string[];
  /** The mount table to poll, or null where there is none. */
  mountInfoPath: string | null;
  /** How often the mount table is read and compared. */
  mountPollIntervalMs: number;
  /** How often mount roots that could not be watched (absent, removed) are tried again. */
  rootRetryIntervalMs: number;
  /**
   * After a folder event, one more change is signalled this long after the last event, for
   * systems that create the folder before the volume is mounted on it.
   */
  watchSettleMs: number;
  logger: Logger;
}

/**
 * Signals that mounts may have changed. Two mechanisms feed it: folder watches on the mount
 * roots and their first-level (per-user) folders, which see new mount folders, and a poll of the
 * mount table, which sees mounts on folders that already existed.
 */
export class MountChangeWatcher implements Disposable {
  readonly #options: MountChangeWatcherOptions;
  readonly #onDidChange = new Emitter<void>();
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #timers: NodeJS.Timeout[] = [];
  #settleTimer: NodeJS.Timeout | undefined;
  #lastMountTable: string | null = null;
  #isPolling = false;
  #isDisposed = false;

  /** Fires when a mount or unmount may have happened. */
  readonly onDidChange: Event<void> = this.#onDidChange.event;

  constructor(options: MountChangeWatcherOptions) {
    this.#options = options;
  }

  /** Reads the first mount table and arms the watches; resolves when both are in place. */
  async start(): Promise<void> {
    // Take the baseline mount table
    const mountInfoPath = this.#options.mountInfoPath;
    if (mountInfoPath !== null) {
      this.#lastMountTable = await this.#readMountTable(mountInfoPath);
      this.#timers.push(
        setInterval(
          () => void this.#pollMountTable(mountInfoPath),
          this.#options.mountPollIntervalMs,
        ),
      );
    }

    // Watch the mount roots, and retry those that are absent
    await this.#armRoots();
    this.#timers.push(setInterval(() => void this.#armRoots(), this.#options.rootRetryIntervalMs));
  }

  dispose(): void {
    this.#isDisposed = true;
    for (const timer of this.#timers.splice(0)) {
      clearInterval(timer);
    }
    clearTimeout(this.#settleTimer);
    for (const watcher of this.#watchers.values()) {
      watcher.close();
    }
    this.#watchers.clear();
    this.#onDidChange.dispose();
  }

  async #pollMountTable(mountInfoPath: string): Promise<void> {
    // Skip a tick while the previous read is still running
    if (this.#isPolling) {
      return;
    }
    this.#isPolling = true;

    try {
      const table = await this.#readMountTable(mountInfoPath);
      if (!this.#isDisposed && table !== this.#lastMountTable) {
        this.#lastMountTable = table;
        this.#onDidChange.fire();
      }
    } finally {
      this.#isPolling = false;
    }
  }

  async #readMountTable(mountInfoPath: string): Promise<string | null> {
    const result = await readBoundedText(mountInfoPath, maxMountInfoBytes);
    if (!result.ok) {
      // Log only when the table turns unreadable, not on every tick
      if (this.#lastMountTable !== null) {
        this.#options.logger.warn(`Mount table unreadable: ${result.message}`);
      }
      return null;
    }
    return result.text;
  }

  async #armRoots(): Promise<void> {
    for (const root of this.#options.mountRoots) {
      if (this.#isDisposed) {
        return;
      }
      if (this.#watchFolder(root, () => void this.#armUserFolders(root))) {
        await this.#armUserFolders(root);
      }
    }
  }

  /** Watches the first-level folders of a root, such as `/media/alice`. */
  async #armUserFolders(root: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(root, { withFileTypes: true });
    } catch {
      return;
    }

    // Watch new folders
    const folders = entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, entry.name));
    for (const folder of folders) {
      if (!this.#isDisposed) {
        this.#watchFolder(folder, () => undefined);
      }
    }

    // Forget folders that were removed, so that a folder created again is watched again
    for (const [folder, watcher] of this.#watchers) {
      if (dirname(folder) === root && !folders.includes(folder)) {
        watcher.close();
        this.#watchers.delete(folder);
      }
    }
  }

  /** Watches one folder; returns whether it is newly watched. */
  #watchFolder(folder: string, onEvent: () => void): boolean {
    if (this.#watchers.has(folder)) {
      return false;
    }

    // Arm the watch; an absent folder is retried later
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, () => {
        onEvent();
        this.#signalFolderEvent();
      });
    } catch {
      return false;
    }

    // A folder that is removed or unmounted errors: forget it so that a retry can re-arm it
    watcher.on('error', () => {
      watcher.close();
      this.#watchers.delete(folder);
      this.#signalFolderEvent();
    });
    this.#watchers.set(folder, watcher);
    return true;
  }

  #signalFolderEvent(): void {
    if (this.#isDisposed) {
      return;
    }
    this.#onDidChange.fire();

    // Signal once more when the events settle
    clearTimeout(this.#settleTimer);
    this.#settleTimer = setTimeout(() => {
      this.#onDidChange.fire();
    }, this.#options.watchSettleMs);
  }
}
