import { join, resolve } from 'node:path';
import type { Disposable } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { WorkQueue } from '../base/work-queue.ts';
import { confirmCopy, type CopyEvidence } from './copy-evidence.ts';
import type { StoredRepository } from './fingerprint-store.ts';
import { FingerprintStore } from './fingerprint-store.ts';
import type { LookupResult, RepositoryMatch } from './repository-lookup.ts';
import { lookupCopies } from './repository-lookup.ts';
import type { ScanProgress } from './repository-scan.ts';
import { scanRepository } from './repository-scan.ts';
import type { RepositorySpec } from './repository-spec.ts';
import { ScanPasses } from './scan-passes.ts';

export type { CopyEvidence } from './copy-evidence.ts';
export type { LookupResult, RepositoryMatch } from './repository-lookup.ts';
export type { ScanProgress } from './repository-scan.ts';
export type { RepositorySpec } from './repository-spec.ts';

/** How to build an inventory. */
export interface InventoryOptions {
  /** The data directory; the inventory lives in `fingerprints.sqlite` there. */
  dataDir: string;
  /** The repositories to inventory, as the policy names them. */
  repositories: readonly RepositorySpec[];
  logger: Logger;
  /**
   * How long after a finished pass the repositories are scanned again; default 15 minutes. A
   * rescan stats every file and reads only the new and changed ones. An interval rather than a
   * watch: a recursive watch costs one watch per repository folder, for data that changes only
   * when a backup runs.
   */
  rescanIntervalMs?: number;
  /** How many full SHA-256 computations run at once; default 1. */
  evidenceConcurrency?: number;
  /** Files inventoried at most per repository; default 1,000,000. */
  maxRepositoryFiles?: number;
  /** Folder levels walked at most in a repository; default 64. */
  maxRepositoryDepth?: number;
  /** How often progress is reported while a repository is fingerprinted; default 500 ms. */
  progressIntervalMs?: number;
}

/** Default interval between passes over the repositories. */
const defaultRescanIntervalMs = 15 * 60 * 1000;

/**
 * The fingerprint inventory of the backup repositories the policy names. It scans them in the
 * background (never blocking `start`), reports progress, rescans on an interval, and answers
 * `lookup` for files that land on destinations: a landed file whose size and sampled fingerprint
 * match a repository file is a copy of it, whatever its name or format. Full SHA-256 evidence is
 * computed on request, in a low-concurrency queue, off the hot path.
 */
export class Inventory implements Disposable {
  readonly #options: InventoryOptions;
  readonly #logger: Logger;
  readonly #store: FingerprintStore;
  readonly #passes: ScanPasses;
  readonly #evidenceQueue: WorkQueue;
  readonly #onDidProgress = new Emitter<ScanProgress>();
  readonly #abort = new AbortController();
  #repositories: RepositorySpec[] = [];

  /** Fires as repositories are counted and fingerprinted, and when each scan ends. */
  readonly onDidProgress: Event<ScanProgress> = this.#onDidProgress.event;

  constructor(options: InventoryOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Fingerprints');
    this.#store = new FingerprintStore(join(options.dataDir, 'fingerprints.sqlite'));
    this.#passes = new ScanPasses(
      (isStopped) => this.#scanAll(() => isStopped() || this.#abort.signal.aborted),
      options.rescanIntervalMs ?? defaultRescanIntervalMs,
    );
    this.#evidenceQueue = new WorkQueue(options.evidenceConcurrency ?? 1, (error) => {
      this.#logger.error('evidence could not be computed', error);
    });
    this.#setRepositoryList(options.repositories);
  }

  /** Starts the first pass in the background and returns at once. */
  start(): void {
    this.#passes.request();
  }

  /** Replaces the repositories (after a policy change): dropped ones are forgotten, new ones scanned. */
  setRepositories(repositories: readonly RepositorySpec[]): void {
    this.#setRepositoryList(repositories);
    this.#passes.request();
  }

  /** Scans every repository now (after the pass under way, if any); resolves when done. */
  async rescan(): Promise<void> {
    this.#passes.request();
    await this.#passes.whenIdle();
  }

  /** Resolves when no pass is running or requested. */
  whenIdle(): Promise<void> {
    return this.#passes.whenIdle();
  }

  /** The repositories and where their inventory stands. */
  repositories(): StoredRepository[] {
    return this.#store.repositories();
  }

  /**
   * The repository files that the file at `path` is a copy of. Files inventoried so far count:
   * during the first pass, a copy of a file not reached yet is not found. After dispose, none.
   */
  async lookup(path: string): Promise<LookupResult> {
    if (this.#abort.signal.aborted) {
      return { ok: true, matches: [], bytesRead: 0 };
    }
    return lookupCopies(this.#store, path);
  }

  /**
   * Computes full SHA-256 evidence for a match, in the evidence queue: the landed file's hash,
   * the original's (remembered for next time), and whether they are identical. Null when either
   * file cannot be read any more or the inventory is disposed.
   */
  evidence(landedPath: string, match: RepositoryMatch): Promise<CopyEvidence | null> {
    const signal = this.#abort.signal;
    return new Promise((settle) => {
      if (signal.aborted) {
        settle(null);
        return;
      }

      // A job that dispose drops never runs: its promise settles on the abort instead
      const onAbort = (): void => {
        settle(null);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#evidenceQueue.push(async () => {
        try {
          settle(await confirmCopy(landedPath, match, this.#store, signal));
        } catch (error) {
          settle(null);
          throw error;
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
      });
    });
  }

  async dispose(): Promise<void> {
    this.#abort.abort();
    await this.#evidenceQueue.dispose();
    await this.#passes.dispose();
    this.#onDidProgress.dispose();
    this.#store.dispose();
  }

  #setRepositoryList(repositories: readonly RepositorySpec[]): void {
    if (this.#abort.signal.aborted) {
      return;
    }
    this.#repositories = repositories.map((repository) => ({
      path: resolve(repository.path),
      name: repository.name,
    }));
    this.#store.removeRepositoriesExcept(this.#repositories.map((repository) => repository.path));
  }

  async #scanAll(isStopped: () => boolean): Promise<void> {
    for (const repository of this.#repositories) {
      if (isStopped()) {
        return;
      }
      await this.#scan(repository);
    }
  }

  async #scan(repository: RepositorySpec): Promise<void> {
    try {
      const stored = this.#store.ensureRepository(repository.path, repository.name ?? null);
      const result = await scanRepository(stored, {
        store: this.#store,
        logger: this.#logger,
        limits: {
          maxFiles: this.#options.maxRepositoryFiles ?? 1_000_000,
          maxDepth: this.#options.maxRepositoryDepth ?? 64,
        },
        onProgress: (progress) => {
          this.#onDidProgress.fire(progress);
        },
        progressIntervalMs: this.#options.progressIntervalMs ?? 500,
        signal: this.#abort.signal,
      });
      if (result.phase === 'done') {
        this.#logger.info(
          `inventoried ${repository.path}: ${result.filesDone} files, ${result.filesFingerprinted} fingerprinted`,
        );
      }
    } catch (error) {
      // One repository's failure (a database error, a bug) must not stop the others
      this.#logger.error(`the scan of ${repository.path} failed`, error);
    }
  }
}
