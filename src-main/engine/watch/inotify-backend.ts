import { resolve } from 'node:path';

import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { catchUpThresholdMs } from './catch-up-window.ts';
import { DuplicateWriteFilter } from './duplicate-write-filter.ts';
import { HelperProcess, type HelperExit } from './helper-process.ts';
import { encodeAddCommand, encodeRemoveCommand, type HelperRecord } from './helper-protocol.ts';
import type { AddRootOptions, FinishedWrite, WatchBackend, WatchFailure } from './watch-backend.ts';

/** Options for the inotify backend. */
export interface InotifyBackendOptions {
  logger: Logger;
  /** The built helper executable, usually from `linuxWatchHelperPath()`. */
  helperPath: string;
  /** How far before a helper's death its replacement looks back for changed files. */
  restartLookbackMs?: number;
  /** How long a reported file version suppresses identical reports. */
  duplicateWindowMs?: number;
}

/** A root as the backend remembers it, to answer waiters and to re-arm after a restart. */
interface RootState {
  sinceMs: number;
  isReady: boolean;
  /** Resolves the pending `add()` calls. */
  settleAdd: () => void;
  armed: Promise<void>;
}

/** Helpers that die this many times within `crashWindowMs` are not restarted again. */
const maxCrashesInWindow = 5;
const crashWindowMs = 60_000;
const restartDelayMs = 200;
const defaultRestartLookbackMs = 5_000;

/**
 * The Linux backend: drives the copywarden-watch helper process, which reports each file when
 * the kernel says its last writer closed it. Restarts the helper if it dies, and drops duplicate
 * reports of one write.
 */
export class InotifyBackend implements WatchBackend {
  readonly name = 'inotify';

  readonly #logger: Logger;
  readonly #helperPath: string;
  readonly #restartLookbackMs: number;
  readonly #filter: DuplicateWriteFilter;
  readonly #roots = new Map<string, RootState>();
  readonly #removals = new Map<string, Array<() => void>>();
  readonly #crashTimesMs: number[] = [];
  readonly #onDidFinishWrite = new Emitter<FinishedWrite>();
  readonly #onDidFail = new Emitter<WatchFailure>();
  #helper: HelperProcess | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #recordQueue: Promise<void> = Promise.resolve();
  #isDisposed = false;

  readonly onDidFinishWrite: Event<FinishedWrite> = this.#onDidFinishWrite.event;
  readonly onDidFail: Event<WatchFailure> = this.#onDidFail.event;

  constructor(options: InotifyBackendOptions) {
    this.#logger = options.logger.child('InotifyWatch');
    this.#helperPath = options.helperPath;
    this.#restartLookbackMs = options.restartLookbackMs ?? defaultRestartLookbackMs;
    this.#filter = new DuplicateWriteFilter({ windowMs: options.duplicateWindowMs });
  }

  /** The running helper's process id, if one runs. */
  get helperPid(): number | undefined {
    return this.#helper?.pid;
  }

  add(root: string, options: AddRootOptions): Promise<void> {
    const absoluteRoot = resolve(root);
    const existing = this.#roots.get(absoluteRoot);
    if (existing !== undefined || this.#isDisposed) {
      return existing?.armed ?? Promise.resolve();
    }

    // Remember it first: records may arrive before this returns
    let settleAdd = (): void => undefined;
    const armed = new Promise<void>((resolveArmed) => {
      settleAdd = resolveArmed;
    });
    this.#roots.set(absoluteRoot, { sinceMs: options.sinceMs, isReady: false, settleAdd, armed });

    this.#ensureHelper().send(encodeAddCommand(absoluteRoot, catchUpThresholdMs(options.sinceMs)));
    return armed;
  }

  async remove(root: string): Promise<void> {
    const absoluteRoot = resolve(root);
    const state = this.#roots.get(absoluteRoot);
    if (state === undefined) {
      return;
    }

    // Forget it at once, so queued reports for it are dropped
    this.#roots.delete(absoluteRoot);
    state.settleAdd();
    if (this.#helper === undefined) {
      return;
    }

    await new Promise<void>((resolveRemoval) => {
      const waiters = this.#removals.get(absoluteRoot) ?? [];
      waiters.push(resolveRemoval);
      this.#removals.set(absoluteRoot, waiters);
      this.#helper?.send(encodeRemoveCommand(absoluteRoot));
    });
  }

  async dispose(): Promise<void> {
    this.#isDisposed = true;
    clearTimeout(this.#restartTimer);

    // Stop the helper and wait until it is gone
    const helper = this.#helper;
    this.#helper = undefined;
    await helper?.dispose();
    await this.#recordQueue;

    // Release every waiter and listener
    this.#settleAllWaiters();
    this.#roots.clear();
    this.#onDidFinishWrite.dispose();
    this.#onDidFail.dispose();
  }

  #ensureHelper(): HelperProcess {
    if (this.#helper !== undefined) {
      return this.#helper;
    }

    const helper = new HelperProcess(this.#helperPath, this.#logger);
    helper.onRecord((record) => {
      this.#enqueue(record);
    });
    helper.onExit((exit) => {
      this.#handleExit(helper, exit);
    });
    this.#helper = helper;
    this.#logger.info(`started the watcher helper (pid ${helper.pid ?? 'unknown'})`);
    return helper;
  }

  /** Handles records one after another, so `ready` never overtakes the reports before it. */
  #enqueue(record: HelperRecord): void {
    this.#recordQueue = this.#recordQueue.then(() => this.#handleRecord(record));
  }

  async #handleRecord(record: HelperRecord): Promise<void> {
    switch (record.kind) {
      case 'file':
        await this.#reportFile(record.root, record.path, record.reason);
        return;
      case 'ready':
        this.#markReady(record.root);
        return;
      case 'removed':
        this.#finishRemoval(record.root);
        return;
      case 'fail':
        this.#failRoot(record.root, record.message);
        return;
      case 'log':
        this.#logger[record.level](`helper: ${record.message}`);
        return;
      case 'unknown':
        this.#logger.error('the watcher helper sent a record this version does not know', {
          fields: record.fields,
        });
        return;
    }
  }

  async #reportFile(root: string, path: string, reason: FinishedWrite['reason']): Promise<void> {
    if (!this.#roots.has(root)) {
      return;
    }

    const verdict = await this.#filter.check(path);
    if (verdict !== 'new') {
      this.#logger.trace(`dropped a ${reason} report (${verdict}): ${path}`);
      return;
    }
    if (this.#roots.has(root)) {
      this.#onDidFinishWrite.fire({ path, root, reason });
    }
  }

  #markReady(root: string): void {
    const state = this.#roots.get(root);
    if (state !== undefined) {
      state.isReady = true;
      state.settleAdd();
    }
  }

  #finishRemoval(root: string): void {
    const waiters = this.#removals.get(root) ?? [];
    this.#removals.delete(root);
    for (const waiter of waiters) {
      waiter();
    }
  }

  #failRoot(root: string, message: string): void {
    const state = this.#roots.get(root);
    if (state === undefined) {
      return;
    }

    this.#roots.delete(root);
    state.settleAdd();
    this.#logger.warn(`stopped watching ${root}: ${message}`);
    this.#onDidFail.fire({ root, message });
  }

  #handleExit(helper: HelperProcess, exit: HelperExit): void {
    if (this.#helper !== helper || this.#isDisposed) {
      return;
    }
    this.#helper = undefined;
    const deathMs = Date.now();

    // Pending removals are done: the process holding the watches is gone
    for (const root of [...this.#removals.keys()]) {
      this.#finishRemoval(root);
    }

    // Give up on a helper that keeps dying
    this.#crashTimesMs.push(deathMs);
    while ((this.#crashTimesMs[0] ?? deathMs) < deathMs - crashWindowMs) {
      this.#crashTimesMs.shift();
    }
    const cause =
      exit.error?.message ?? `code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}`;
    if (this.#crashTimesMs.length > maxCrashesInWindow) {
      this.#logger.error(`the watcher helper keeps dying (${cause}); giving up`);
      this.#failAllRoots('the watcher helper keeps dying');
      return;
    }

    this.#logger.warn(`the watcher helper died (${cause}); restarting it`);
    this.#restartTimer = setTimeout(() => {
      this.#restart(deathMs);
    }, restartDelayMs * this.#crashTimesMs.length);
  }

  /** Starts a new helper and re-arms every root, looking back to shortly before the death. */
  #restart(deathMs: number): void {
    if (this.#isDisposed || this.#roots.size === 0) {
      return;
    }

    const helper = this.#ensureHelper();
    for (const [root, state] of this.#roots) {
      const sinceMs = state.isReady ? deathMs - this.#restartLookbackMs : state.sinceMs;
      helper.send(encodeAddCommand(root, catchUpThresholdMs(sinceMs)));
    }
  }

  #failAllRoots(message: string): void {
    for (const root of [...this.#roots.keys()]) {
      this.#failRoot(root, message);
    }
  }

  #settleAllWaiters(): void {
    for (const state of this.#roots.values()) {
      state.settleAdd();
    }
    for (const root of [...this.#removals.keys()]) {
      this.#finishRemoval(root);
    }
  }
}
