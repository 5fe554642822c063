import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Logger } from '../base/logger.ts';

/** What the quarantine records beside each held file. */
export interface QuarantineEntry {
  id: string;
  /** Where the file was when it was taken. */
  originalPath: string;
  sizeBytes: number;
  sha256: string;
  /** ISO time the file was taken. */
  heldAt: string;
  /** The destination it was taken from, such as `volume:/media/alice/STICK`. */
  destinationId: string;
  reason: string;
}

/** The outcome of holding a file: expected failures are values. */
export type HoldResult = { ok: true; entry: QuarantineEntry } | { ok: false; message: string };

const incomingPrefix = '.incoming-';
const contentName = 'content';
const metadataName = 'entry.json';

/**
 * A folder under the data directory that holds files taken from destinations. A file is copied
 * in, flushed to disk and recorded before the original is removed, so that a crash at any point
 * leaves it at the destination, in the quarantine, or both, and never nowhere.
 */
export class Quarantine {
  readonly #folder: string;
  readonly #logger: Logger;

  constructor(folder: string, logger: Logger) {
    this.#folder = folder;
    this.#logger = logger.child('Quarantine');
  }

  get folder(): string {
    return this.#folder;
  }

  /**
   * Removes half-made entries left by a crash. Their originals were not removed yet (removal
   * happens only after an entry is complete), so nothing is lost.
   */
  async recover(): Promise<void> {
    await mkdir(this.#folder, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.#folder)) {
      if (name.startsWith(incomingPrefix)) {
        this.#logger.warn(`removing an entry left incomplete by a crash: ${name}`);
        await rm(join(this.#folder, name), { recursive: true, force: true });
      }
    }
  }

  /** Moves `path` into the quarantine. */
  async hold(
    path: string,
    details: { destinationId: string; reason: string },
  ): Promise<HoldResult> {
    const id = randomUUID();
    const incoming = join(this.#folder, `${incomingPrefix}${id}`);
    try {
      // Copy the file in, hashing as it streams
      await mkdir(incoming, { recursive: true, mode: 0o700 });
      const before = await stat(path);
      const sha256 = await copyAndHash(path, join(incoming, contentName));
      const after = await stat(path);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        throw new Error('the file changed while it was being copied');
      }

      // Record the entry, then make it complete with one rename
      const entry: QuarantineEntry = {
        id,
        originalPath: path,
        sizeBytes: before.size,
        sha256,
        heldAt: new Date().toISOString(),
        destinationId: details.destinationId,
        reason: details.reason,
      };
      await writeDurably(join(incoming, metadataName), JSON.stringify(entry, null, 2));
      await rename(incoming, join(this.#folder, id));
      await syncFolder(this.#folder);

      // Only now remove the original
      await unlink(path);
      this.#logger.info(`held ${path} as ${id}`);
      return { ok: true, entry };
    } catch (error) {
      await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
      const message = describeError(error);
      this.#logger.warn(`could not hold ${path}: ${message}`);
      return { ok: false, message };
    }
  }

  /** The complete entries, oldest first. */
  async list(): Promise<QuarantineEntry[]> {
    const entries: QuarantineEntry[] = [];
    for (const name of await readdir(this.#folder).catch(() => [])) {
      if (name.startsWith(incomingPrefix)) {
        continue;
      }
      try {
        const text = await readFile(join(this.#folder, name, metadataName), 'utf8');
        entries.push(JSON.parse(text) as QuarantineEntry);
      } catch (error) {
        this.#logger.warn(`unreadable entry ${name}: ${describeError(error)}`);
      }
    }
    return entries.sort((left, right) => left.heldAt.localeCompare(right.heldAt));
  }

  /** The path of a held file's contents, for restore and evidence. */
  contentPath(id: string): string {
    return join(this.#folder, basename(id), contentName);
  }
}

async function copyAndHash(source: string, target: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(createReadStream(source), tap, createWriteStream(target, { mode: 0o600 }));
  await syncFile(target);
  return hash.digest('hex');
}

async function writeDurably(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await syncFile(path);
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries, so that a rename in it survives a power cut (POSIX only). */
async function syncFolder(path: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? `${code}: ${message}` : message;
}
