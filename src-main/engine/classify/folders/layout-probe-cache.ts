import type { ProbedFolder } from './folder-probe.ts';

/** Options of a `LayoutProbeCache`. */
export interface LayoutProbeCacheOptions {
  /**
   * How long a probe stays valid. Short, because a copy writes a layout's marker files over
   * time: a folder probed before its `config` landed is probed again after this.
   */
  ttlMs?: number;
  /** Folders kept at most; the oldest probe goes first. */
  maxFolders?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * Remembers folder probes for a short while, so that the thousand files of one copied folder
 * cost one probe per ancestor rather than a thousand.
 */
export class LayoutProbeCache {
  readonly #ttlMs: number;
  readonly #maxFolders: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { probed: ProbedFolder; timeMs: number }>();

  constructor(options: LayoutProbeCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 2_000;
    this.#maxFolders = options.maxFolders ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** A probe of `path` younger than the time to live, or undefined. */
  get(path: string): ProbedFolder | undefined {
    const entry = this.#entries.get(path);
    if (entry === undefined || this.#now() - entry.timeMs > this.#ttlMs) {
      return undefined;
    }
    return entry.probed;
  }

  set(path: string, probed: ProbedFolder): void {
    // Re-insert so that the map's order stays oldest first
    this.#entries.delete(path);
    this.#entries.set(path, { probed, timeMs: this.#now() });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxFolders) {
        break;
      }
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
