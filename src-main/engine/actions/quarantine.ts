import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  chmod,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Logger } from '../base/logger.ts';
import {
  chunkBytes,
  createDecryptStream,
  createEncryptStream,
  createStreamKey,
  type StreamKey,
} from './chunked-cipher.ts';
import { unwrapKey, wrapKey } from './key-protector.ts';
import type { OwnWrite } from './own-writes.ts';
import {
  parseQuarantineEntry,
  type QuarantineEntry,
  type QuarantineState,
} from './quarantine-entry.ts';

export type { QuarantineEntry, QuarantineState } from './quarantine-entry.ts';

/** The outcome of a quarantine operation: expected failures are values. */
export type QuarantineResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Limits that keep the quarantine from filling the disk. Held entries are never removed. */
export interface QuarantineLimits {
  maxAgeDays: number;
  maxTotalBytes: number;
}

const incomingPrefix = '.incoming-';
const contentName = 'content.sealed';
const entryName = 'entry.json';

/**
 * A folder under the data directory that holds files taken from destinations, encrypted at rest
 * (AES-256-GCM in chunks, streamed, with a data key per entry sealed under a master key kept
 * elsewhere). A file is encrypted in, flushed to disk and recorded before the original is removed,
 * so a crash at any point leaves it at the destination, in the quarantine, or both: never nowhere.
 */
export class Quarantine {
  readonly #folder: string;
  readonly #masterKey: Buffer;
  readonly #logger: Logger;
  readonly #onWillWrite: (write: OwnWrite) => void;

  /** `onWillWrite` hears of every file a restore is about to write, before it is written. */
  constructor(
    folder: string,
    masterKey: Buffer,
    logger: Logger,
    onWillWrite: (write: OwnWrite) => void = () => undefined,
  ) {
    this.#folder = folder;
    this.#masterKey = masterKey;
    this.#logger = logger.child('Quarantine');
    this.#onWillWrite = onWillWrite;
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

  /** Moves `path` into the quarantine, encrypted. */
  async hold(
    path: string,
    details: { destinationId: string; reason: string; state?: QuarantineState },
  ): Promise<QuarantineResult<QuarantineEntry>> {
    const id = randomUUID();
    const incoming = join(this.#folder, `${incomingPrefix}${id}`);
    try {
      // Encrypt the file in, hashing the plaintext as it streams
      await mkdir(incoming, { recursive: true, mode: 0o700 });
      const before = await stat(path);
      const streamKey = createStreamKey(Buffer.from(id));
      const sha256 = await sealFile(path, join(incoming, contentName), streamKey);
      const after = await stat(path);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        throw new Error('the file changed while it was being copied');
      }

      // Record the entry, then complete it with one rename
      const entry: QuarantineEntry = {
        version: 1,
        id,
        state: details.state ?? 'blocked',
        originalPath: path,
        sizeBytes: before.size,
        sha256,
        mode: before.mode & 0o7777,
        modifiedAtMs: before.mtimeMs,
        heldAt: new Date().toISOString(),
        destinationId: details.destinationId,
        reason: details.reason,
        encryption: {
          wrappedKey: wrapKey(this.#masterKey, streamKey.key, id),
          noncePrefix: streamKey.noncePrefix.toString('base64'),
          chunkBytes,
        },
      };
      await writeDurably(join(incoming, entryName), JSON.stringify(entry, null, 2));
      await rename(incoming, join(this.#folder, id));
      await syncFolder(this.#folder);

      // Only now remove the original
      await unlink(path);
      this.#logger.info(`took ${path} as ${id} (${entry.state})`);
      return { ok: true, value: entry };
    } catch (error) {
      await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
      const message = describeError(error);
      this.#logger.warn(`could not take ${path}: ${message}`);
      return { ok: false, message };
    }
  }

  /**
   * Puts a file back, byte-identical, with its mode and modification time: at its original path
   * or at `targetPath`. Refuses to overwrite an existing file. The entry is removed afterwards.
   * Known shortcoming: the holes of a sparse file are written out as zeros, so a sparse disk
   * image takes its full size once restored; skipping all-zero chunks while writing would keep it.
   */
  async restore(id: string, targetPath?: string): Promise<QuarantineResult<string>> {
    const entry = await this.get(id);
    if (entry === null) {
      return { ok: false, message: `no quarantine entry ${id}` };
    }
    const target = targetPath ?? entry.originalPath;
    const temporary = join(dirname(target), `.copywarden-restore-${entry.id}`);
    try {
      // Decrypt beside the target and check the hash before the file appears
      await mkdir(dirname(target), { recursive: true });
      if (await exists(target)) {
        return { ok: false, message: `${target} exists; restore elsewhere or move it first` };
      }
      this.#onWillWrite({
        temporary,
        target,
        sizeBytes: entry.sizeBytes,
        modifiedAtMs: entry.modifiedAtMs,
      });
      const sha256 = await openFile(
        this.#entryContent(entry.id),
        temporary,
        this.#streamKey(entry),
      );
      if (sha256 !== entry.sha256) {
        throw new Error('the restored contents do not match the recorded hash');
      }

      // Give it back its mode and time, then its name
      await chmod(temporary, entry.mode);
      await utimes(temporary, new Date(), new Date(entry.modifiedAtMs));
      await rename(temporary, target);
      await rm(join(this.#folder, entry.id), { recursive: true, force: true });
      this.#logger.info(`restored ${entry.id} to ${target}`);
      return { ok: true, value: target };
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const message = describeError(error);
      this.#logger.warn(`could not restore ${entry.id}: ${message}`);
      return { ok: false, message };
    }
  }

  /** Changes an entry's state (a prompt's answer turns `held` into `blocked`). */
  async setState(id: string, state: QuarantineState): Promise<QuarantineResult<QuarantineEntry>> {
    const entry = await this.get(id);
    if (entry === null) {
      return { ok: false, message: `no quarantine entry ${id}` };
    }
    const updated = { ...entry, state };
    await writeDurably(join(this.#folder, entry.id, entryName), JSON.stringify(updated, null, 2));
    return { ok: true, value: updated };
  }

  /** Deletes an entry and its contents for good. */
  async purge(id: string): Promise<QuarantineResult<QuarantineEntry>> {
    const entry = await this.get(id);
    if (entry === null) {
      return { ok: false, message: `no quarantine entry ${id}` };
    }
    await rm(join(this.#folder, entry.id), { recursive: true, force: true });
    this.#logger.info(`purged ${entry.id} (${entry.originalPath})`);
    return { ok: true, value: entry };
  }

  /** Purges the oldest blocked entries beyond the limits; returns what was purged. */
  async applyLimits(
    limits: QuarantineLimits,
    now: number = Date.now(),
  ): Promise<QuarantineEntry[]> {
    const blocked = (await this.list()).filter((entry) => entry.state === 'blocked');
    const purged: QuarantineEntry[] = [];
    let totalBytes = blocked.reduce((sum, entry) => sum + entry.sizeBytes, 0);

    for (const entry of blocked) {
      const ageDays = (now - Date.parse(entry.heldAt)) / 86_400_000;
      if (ageDays <= limits.maxAgeDays && totalBytes <= limits.maxTotalBytes) {
        continue;
      }
      await this.purge(entry.id);
      totalBytes -= entry.sizeBytes;
      purged.push(entry);
    }
    return purged;
  }

  /** One entry, or null when there is none with that id. */
  async get(id: string): Promise<QuarantineEntry | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) {
      return null;
    }
    try {
      const text = await readFile(join(this.#folder, id, entryName), 'utf8');
      return parseQuarantineEntry(JSON.parse(text));
    } catch {
      return null;
    }
  }

  /** The complete entries, oldest first. */
  async list(): Promise<QuarantineEntry[]> {
    const entries: QuarantineEntry[] = [];
    for (const name of await readdir(this.#folder).catch(() => [])) {
      if (name.startsWith(incomingPrefix)) {
        continue;
      }
      const entry = await this.get(name);
      if (entry === null) {
        this.#logger.warn(`unreadable quarantine entry ${name}`);
        continue;
      }
      entries.push(entry);
    }
    return entries.sort((left, right) => left.heldAt.localeCompare(right.heldAt));
  }

  #entryContent(id: string): string {
    return join(this.#folder, basename(id), contentName);
  }

  #streamKey(entry: QuarantineEntry): StreamKey {
    return {
      key: unwrapKey(this.#masterKey, entry.encryption.wrappedKey, entry.id),
      noncePrefix: Buffer.from(entry.encryption.noncePrefix, 'base64'),
      associatedData: Buffer.from(entry.id),
    };
  }
}

/** Encrypts `source` into `target`, returning the plaintext's SHA-256. */
async function sealFile(source: string, target: string, streamKey: StreamKey): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(source),
    hashingTap(hash),
    createEncryptStream(streamKey),
    createWriteStream(target, { mode: 0o600 }),
  );
  await syncFile(target);
  return hash.digest('hex');
}

/** Decrypts `source` into `target`, returning the plaintext's SHA-256. */
async function openFile(source: string, target: string, streamKey: StreamKey): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(source),
    createDecryptStream(streamKey),
    hashingTap(hash),
    createWriteStream(target, { mode: 0o600, flags: 'wx' }),
  );
  await syncFile(target);
  return hash.digest('hex');
}

function hashingTap(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

async function writeDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await syncFile(temporary);
  await rename(temporary, path);
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? `${code}: ${message}` : message;
}
