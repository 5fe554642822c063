import { open, stat } from 'node:fs/promises';

import type { Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { FinishReason } from './watch-backend.ts';

/** Options for the write-completion check. */
export interface WriteSettlerOptions {
  /** How long size and modification time must stay unchanged. */
  settleMs: number;
  /**
   * Whether to also try an exclusive open before declaring a file finished. On Windows, opening
   * a file for reading and writing fails with EBUSY or EPERM while another process writes it.
   */
  probeExclusiveOpen: boolean;
}

/** A file the settler declared finished. */
export interface SettledFile {
  path: string;
  root: string;
  reason: FinishReason;
}

/** One file being watched until it holds still. */
interface PendingFile {
  root: string;
  reason: FinishReason;
  sample: string | undefined;
  /** Set when a change event arrived since the last sample. */
  touched: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Decides that a write finished when a file's size and modification time stay unchanged for
 * `settleMs` and, where the platform allows, no other process holds it open exclusively.
 *
 * Known shortcoming: a writer that pauses longer than `settleMs` without closing the file gets
 * the file reported early, and again after it finishes. Only a close notification from the
 * kernel removes that, which is what the inotify backend uses on Linux.
 */
export class WriteSettler implements Disposable {
  readonly #options: WriteSettlerOptions;
  readonly #pending = new Map<string, PendingFile>();
  readonly #onDidSettle = new Emitter<SettledFile>();

  /** Fires once per file each time it settles. */
  readonly onDidSettle: Event<SettledFile> = this.#onDidSettle.event;

  constructor(options: WriteSettlerOptions) {
    this.#options = options;
  }

  /** Starts or restarts watching `path` until it holds still. */
  track(path: string, root: string, reason: FinishReason): void {
    const pending = this.#pending.get(path);
    if (pending !== undefined) {
      pending.touched = true;
      return;
    }

    const timer = this.#schedule(path);
    this.#pending.set(path, { root, reason, sample: undefined, touched: false, timer });
    void this.#takeFirstSample(path);
  }

  /** Stops watching every file of `root`. */
  forgetRoot(root: string): void {
    for (const [path, pending] of this.#pending) {
      if (pending.root === root) {
        clearTimeout(pending.timer);
        this.#pending.delete(path);
      }
    }
  }

  /** How many files are waiting to settle. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  dispose(): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
    }
    this.#pending.clear();
    this.#onDidSettle.dispose();
  }

  #schedule(path: string): NodeJS.Timeout {
    return setTimeout(() => {
      void this.#check(path);
    }, this.#options.settleMs);
  }

  async #takeFirstSample(path: string): Promise<void> {
    const sample = await sampleOf(path);
    const pending = this.#pending.get(path);
    if (pending !== undefined && pending.sample === undefined) {
      pending.sample = sample;
    }
  }

  async #check(path: string): Promise<void> {
    const sample = await sampleOf(path);
    const pending = this.#pending.get(path);
    if (pending === undefined) {
      return;
    }

    // Gone: nothing to report
    if (sample === undefined) {
      this.#pending.delete(path);
      return;
    }

    // Still moving: look again later
    const isStill = !pending.touched && sample === pending.sample;
    if (!isStill || (this.#options.probeExclusiveOpen && (await isHeldByWriter(path)))) {
      pending.sample = sample;
      pending.touched = false;
      pending.timer = this.#schedule(path);
      return;
    }

    this.#pending.delete(path);
    this.#onDidSettle.fire({ path, root: pending.root, reason: pending.reason });
  }
}

/** Size, modification time and inode as one comparable string; undefined when it vanished. */
async function sampleOf(path: string): Promise<string | undefined> {
  const status = await stat(path).catch(() => undefined);
  if (status === undefined || !status.isFile()) {
    return undefined;
  }
  return `${status.size}:${status.mtimeMs}:${status.ino}`;
}

/** Whether opening for reading and writing is refused because another process writes. */
async function isHeldByWriter(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r+');
    await handle.close();
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EBUSY' || code === 'EPERM';
  }
}
