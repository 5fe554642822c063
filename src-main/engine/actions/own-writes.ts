import { stat } from 'node:fs/promises';

/** How long a registered write stays exempt. */
const ownWriteTtlMs = 60_000;

/** A file the engine is about to write into a destination. */
export interface OwnWrite {
  /** The temporary file it is written through, beside the target. */
  temporary: string;
  target: string;
  /** What the target will look like: a later copy over it looks different and is not exempt. */
  sizeBytes: number;
  modifiedAtMs: number;
}

/**
 * The files the engine itself writes into destinations (a released or restored file, and the
 * temporary file it is written through). The watcher reports them like any other write; the
 * pipeline asks here first, so a released backup is not taken again.
 */
export class OwnWrites {
  readonly #temporaries = new Map<string, number>();
  readonly #targets = new Map<string, { write: OwnWrite; expiresAtMs: number }>();

  /** Registers a write the engine is about to make. */
  add(write: OwnWrite, nowMs: number = Date.now()): void {
    this.#temporaries.set(write.temporary, nowMs + ownWriteTtlMs);
    this.#targets.set(write.target, { write, expiresAtMs: nowMs + ownWriteTtlMs });
  }

  /** Registers a file the engine writes whole, such as a placeholder note. */
  addFile(path: string, nowMs: number = Date.now()): void {
    this.#temporaries.set(path, nowMs + ownWriteTtlMs);
  }

  /** Whether the file at `path` is one the engine wrote (and still as it wrote it). */
  async isOwn(path: string, nowMs: number = Date.now()): Promise<boolean> {
    this.#forgetExpired(nowMs);
    if (this.#temporaries.has(path)) {
      return true;
    }
    const registered = this.#targets.get(path);
    if (registered === undefined) {
      return false;
    }
    const file = await stat(path).catch(() => null);
    return (
      file !== null &&
      file.size === registered.write.sizeBytes &&
      Math.abs(file.mtimeMs - registered.write.modifiedAtMs) < 1
    );
  }

  #forgetExpired(nowMs: number): void {
    for (const [path, expiresAtMs] of this.#temporaries) {
      if (expiresAtMs < nowMs) {
        this.#temporaries.delete(path);
      }
    }
    for (const [path, { expiresAtMs }] of this.#targets) {
      if (expiresAtMs < nowMs) {
        this.#targets.delete(path);
      }
    }
  }
}
