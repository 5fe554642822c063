import { lstat } from 'node:fs/promises';

/** What identifies one finished version of a file. */
interface FileVersion {
  sizeBytes: number;
  modifiedMs: number;
  inode: number;
  seenAtMs: number;
}

/** Options for a duplicate filter. */
export interface DuplicateWriteFilterOptions {
  /** How long a reported version of a file suppresses new reports of the same version. */
  windowMs?: number;
}

/** What the filter decided about one report. */
export type FilterVerdict = 'new' | 'duplicate' | 'vanished' | 'not-a-file';

const defaultWindowMs = 3_000;

/**
 * Drops repeated reports of the same finished write: a file found both by a scan and by its
 * close event, or reported twice after a restart. Two reports are the same when the path, size,
 * modification time and inode all match within the window. Also drops paths that are gone or
 * are not regular files by the time they are looked at.
 */
export class DuplicateWriteFilter {
  readonly #windowMs: number;
  readonly #versions = new Map<string, FileVersion>();

  constructor(options: DuplicateWriteFilterOptions = {}) {
    this.#windowMs = options.windowMs ?? defaultWindowMs;
  }

  /** Looks at `path` and tells whether it is a new finished write. */
  async check(path: string): Promise<FilterVerdict> {
    const status = await lstat(path).catch(() => undefined);
    if (status === undefined) {
      return 'vanished';
    }
    if (!status.isFile()) {
      return 'not-a-file';
    }

    // Decide synchronously after the await, so concurrent checks cannot both pass
    const nowMs = Date.now();
    this.#forgetOlderThan(nowMs - this.#windowMs);
    const version = {
      sizeBytes: status.size,
      modifiedMs: status.mtimeMs,
      inode: status.ino,
      seenAtMs: nowMs,
    };
    const previous = this.#versions.get(path);
    if (previous !== undefined && isSameVersion(previous, version)) {
      return 'duplicate';
    }

    // Re-insert so the map stays ordered by time seen
    this.#versions.delete(path);
    this.#versions.set(path, version);
    return 'new';
  }

  /** Forgets everything, for example when a root is removed. */
  clear(): void {
    this.#versions.clear();
  }

  #forgetOlderThan(limitMs: number): void {
    for (const [path, version] of this.#versions) {
      if (version.seenAtMs >= limitMs) {
        return;
      }
      this.#versions.delete(path);
    }
  }
}

function isSameVersion(left: FileVersion, right: FileVersion): boolean {
  return (
    left.sizeBytes === right.sizeBytes &&
    left.modifiedMs === right.modifiedMs &&
    left.inode === right.inode
  );
}
