import { spawn, type ChildProcess } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { Socket } from 'node:net';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { readBoundedText } from './bounded-read.ts';
import { maxMountInfoBytes } from './mountinfo.ts';

/** How often the mount table is compared by default: it is small and lives in memory. */
export const defaultMountPollIntervalMs = 150;

/**
 * util-linux's findmnt prints a line for every change of the mount table the moment the kernel
 * signals it (it waits on /proc/self/mountinfo, which the kernel marks on each change).
 */
export const findmntEventCommand = ['findmnt', '--poll', '--noheadings', '--output', 'ACTION'];

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
  /**
   * A command that prints a line whenever the mount table changes, such as
   * {@link findmntEventCommand}; each line makes the table be compared at once rather than at
   * the next poll. Null, or a command that cannot run, leaves the poll to do it alone.
   */
  mountEventCommand?: readonly string[] | null;
  logger: Logger;
}

/**
 * Signals that mounts may have changed. Three mechanisms feed it: folder watches on the mount
 * roots and their first-level (per-user) folders, which see new mount folders; mount-table
 * events from a helper command, where one runs; and a poll of the mount table, the guarantee,
 * which sees mounts on folders that already existed.
 */
export class MountChangeWatcher implements Disposable {
  readonly #options: MountChangeWatcherOptions;
  readonly #onDidChange = new Emitter<void>();
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #timers: NodeJS.Timeout[] = [];
  #settleTimer: NodeJS.Timeout | undefined;
  #lastMountTable: string | null = null;
  #isPolling = false;
  #pollAgain = false;
  #eventProcess: ChildProcess | null = null;
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
      this.#startMountEvents(mountInfoPath);
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
    this.#eventProcess?.kill();
    this.#eventProcess = null;
    for (const watcher of this.#watchers.values()) {
      watcher.close();
    }
    this.#watchers.clear();
    this.#onDidChange.dispose();
  }

  /** Runs the mount event command; its lines trigger a comparison. It holds no process open. */
  #startMountEvents(mountInfoPath: string): void {
    const [program, ...args] = this.#options.mountEventCommand ?? [];
    if (program === undefined) {
      return;
    }

    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', () => void this.#pollMountTable(mountInfoPath));
    child.on('error', (error) => {
      this.#options.logger.info(`no mount events (${error.message}); polling the mount table`);
    });
    child.on('exit', (code, signal) => {
      if (!this.#isDisposed) {
        const cause = `code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
        this.#options.logger.info(`${program} ended (${cause}); polling the mount table`);
      }
    });
    child.unref();
    if (child.stdout instanceof Socket) {
      child.stdout.unref();
    }
    this.#eventProcess = child;
  }

  /** A method, not a field read, so that the check after an await is not narrowed away. */
  #isPollWanted(): boolean {
    return this.#pollAgain && !this.#isDisposed;
  }

  async #pollMountTable(mountInfoPath: string): Promise<void> {
    // One read at a time; an event during a read asks for one more read after it
    if (this.#isPolling) {
      this.#pollAgain = true;
      return;
    }
    this.#isPolling = true;

    try {
      do {
        this.#pollAgain = false;
        const table = await this.#readMountTable(mountInfoPath);
        if (!this.#isDisposed && table !== this.#lastMountTable) {
          this.#lastMountTable = table;
          this.#onDidChange.fire();
        }
      } while (this.#isPollWanted());
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
