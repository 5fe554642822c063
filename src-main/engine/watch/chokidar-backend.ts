import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

import { watch, type FSWatcher } from 'chokidar';

import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { catchUpThresholdMs } from './catch-up-window.ts';
import { DuplicateWriteFilter } from './duplicate-write-filter.ts';
import { watchRootPresence } from './root-presence.ts';
import { scanTree } from './scan-tree.ts';
import type { AddRootOptions, FinishedWrite, WatchBackend, WatchFailure } from './watch-backend.ts';
import { WriteSettler } from './write-settler.ts';

/** Options for the portable backend. */
export interface ChokidarBackendOptions {
  logger: Logger;
  /** How long a file's size and modification time must hold still to count as finished. */
  settleMs?: number;
  /** How often each root is checked for having been unmounted or deleted. */
  rootCheckIntervalMs?: number;
  /** How long a reported file version suppresses identical reports. */
  duplicateWindowMs?: number;
}

/** One armed root. */
interface WatchedRoot {
  watcher: FSWatcher;
  presence: Disposable;
}

const defaultSettleMs = 500;
const defaultRootCheckIntervalMs = 1_000;

/**
 * The portable backend for macOS, Windows, and Linux without the helper: chokidar reports
 * changes, and a file counts as finished once it holds still (see WriteSettler for the known
 * shortcoming). Folders that appear are listed at once, so files copied into them before their
 * watch existed are not lost.
 */
export class ChokidarBackend implements WatchBackend {
  readonly name = 'chokidar';

  readonly #logger: Logger;
  readonly #rootCheckIntervalMs: number;
  readonly #settler: WriteSettler;
  readonly #filter: DuplicateWriteFilter;
  readonly #roots = new Map<string, WatchedRoot>();
  readonly #folderListingDelaysMs: number[];
  readonly #folderTimers = new Set<NodeJS.Timeout>();
  readonly #onDidFinishWrite = new Emitter<FinishedWrite>();
  readonly #onDidFail = new Emitter<WatchFailure>();
  #isDisposed = false;

  readonly onDidFinishWrite: Event<FinishedWrite> = this.#onDidFinishWrite.event;
  readonly onDidFail: Event<WatchFailure> = this.#onDidFail.event;

  constructor(options: ChokidarBackendOptions) {
    this.#logger = options.logger.child('ChokidarWatch');
    this.#rootCheckIntervalMs = options.rootCheckIntervalMs ?? defaultRootCheckIntervalMs;
    const settleMs = options.settleMs ?? defaultSettleMs;
    this.#filter = new DuplicateWriteFilter({
      // Outlast the last listing of a new folder, so it does not report its files again
      windowMs: options.duplicateWindowMs ?? Math.max(3_000, 5 * settleMs),
    });
    this.#folderListingDelaysMs = [0, settleMs, 3 * settleMs];
    this.#settler = new WriteSettler({
      settleMs,
      probeExclusiveOpen: process.platform === 'win32',
    });
    this.#settler.onDidSettle((file) => {
      void this.#report(file.path, file.root, file.reason);
    });
  }

  async add(root: string, options: AddRootOptions): Promise<void> {
    const absoluteRoot = resolve(root);
    if (this.#roots.has(absoluteRoot) || this.#isDisposed) {
      return;
    }

    // The root must be a folder; remember its device to notice an unmount
    const status = await stat(absoluteRoot).catch((error: unknown) => String(error));
    if (typeof status === 'string' || !status.isDirectory()) {
      this.#fail(absoluteRoot, typeof status === 'string' ? status : 'not a folder');
      return;
    }

    // Watch first, then list, so nothing falls between the two
    const watcher = this.#startWatcher(absoluteRoot);
    const presence = watchRootPresence(
      absoluteRoot,
      status.dev,
      this.#rootCheckIntervalMs,
      (message) => {
        this.#fail(absoluteRoot, message);
      },
    );
    this.#roots.set(absoluteRoot, { watcher, presence });
    await new Promise<void>((resolveReady) => watcher.once('ready', resolveReady));

    // Catch up on files written before the watch was ready
    const files = await scanTree(absoluteRoot, catchUpThresholdMs(options.sinceMs));
    this.#trackAll(files, absoluteRoot);
  }

  async remove(root: string): Promise<void> {
    const absoluteRoot = resolve(root);
    const watched = this.#roots.get(absoluteRoot);
    if (watched === undefined) {
      return;
    }

    this.#roots.delete(absoluteRoot);
    this.#settler.forgetRoot(absoluteRoot);
    await watched.presence.dispose();
    await watched.watcher.close();
  }

  async dispose(): Promise<void> {
    this.#isDisposed = true;

    for (const root of [...this.#roots.keys()]) {
      await this.remove(root);
    }
    for (const timer of this.#folderTimers) {
      clearTimeout(timer);
    }
    this.#folderTimers.clear();
    this.#settler.dispose();
    this.#onDidFinishWrite.dispose();
    this.#onDidFail.dispose();
  }

  #startWatcher(root: string): FSWatcher {
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignorePermissionErrors: true,
      awaitWriteFinish: false,
    });

    // Files: wait until they hold still
    const track = (path: string): void => {
      if (this.#roots.has(root)) {
        this.#settler.track(path, root, 'settled');
      }
    };
    watcher.on('add', track);
    watcher.on('change', track);

    // New folders: list them, their first files may predate their watch
    watcher.on('addDir', (path) => {
      this.#listNewFolder(path, root);
    });

    watcher.on('error', (error) => {
      this.#handleWatcherError(root, error);
    });
    return watcher;
  }

  /**
   * Lists a folder that appeared, now and again a little later. chokidar reports a folder before
   * its own watch on it is in place; a file that lands in between reaches neither its events nor
   * a single early listing, so the later listings pick it up. Known shortcoming: a file landing
   * after the last listing and before the watch is still lost; a kernel close event (the
   * inotify backend) is the only full cure.
   */
  #listNewFolder(path: string, root: string): void {
    for (const delayMs of this.#folderListingDelaysMs) {
      const timer = setTimeout(() => {
        this.#folderTimers.delete(timer);
        void scanTree(path, Number.NEGATIVE_INFINITY).then((files) => {
          this.#trackAll(files, root);
        });
      }, delayMs);
      this.#folderTimers.add(timer);
    }
  }

  #trackAll(files: string[], root: string): void {
    if (!this.#roots.has(root)) {
      return;
    }
    for (const path of files) {
      this.#settler.track(path, root, 'catch-up');
    }
  }

  async #report(path: string, root: string, reason: FinishedWrite['reason']): Promise<void> {
    const verdict = await this.#filter.check(path);
    if (verdict !== 'new') {
      this.#logger.trace(`dropped a ${reason} report (${verdict}): ${path}`);
      return;
    }
    if (this.#roots.has(root)) {
      this.#onDidFinishWrite.fire({ path, root, reason });
    }
  }

  #handleWatcherError(root: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOSPC') {
      this.#fail(root, 'the inotify watch limit is reached; raise fs.inotify.max_user_watches');
      return;
    }
    this.#logger.warn(`watcher error under ${root}`, error);
  }

  #fail(root: string, message: string): void {
    this.#logger.warn(`stopped watching ${root}: ${message}`);
    void this.remove(root).catch((error: unknown) => {
      this.#logger.warn(`closing the watcher of ${root} failed`, error);
    });
    this.#onDidFail.fire({ root, message });
  }
}
