import { randomUUID } from 'node:crypto';
import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { Logger } from '../base/logger.ts';
import { chunkBytes, createStreamKey, type StreamKey } from './chunked-cipher.ts';
import { unwrapKey, wrapKey } from './key-protector.ts';
import type { OwnWrite } from './own-writes.ts';
import {
  contentName,
  entryIdPattern,
  entryName,
  incomingPrefix,
  originName,
  plainName,
} from './quarantine-layout.ts';
import { recoverQuarantine } from './quarantine-recovery.ts';
import {
  describeError,
  exists,
  openFile,
  sealFile,
  syncFolder,
  takeOff,
  writeDurably,
} from './quarantine-files.ts';
import {
  parseQuarantineEntry,
  type QuarantineEntry,
  type QuarantineState,
} from './quarantine-entry.ts';

export type { QuarantineEntry, QuarantineState } from './quarantine-entry.ts';

/** The outcome of a quarantine operation: expected failures are values. */
export type QuarantineResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Why a file is held, recorded with it. */
export interface HoldDetails {
  destinationId: string;
  reason: string;
  state?: QuarantineState;
}

/** A file `take` has taken (or marked to copy) off its destination, before it is sealed. */
export interface TakenFile {
  id: string;
  /** The half-made entry's folder. */
  incoming: string;
  originalPath: string;
  /** Where the plain file is now: inside `incoming` when it was renamed, else the original. */
  source: string;
  before: { size: number; mode: number; mtimeMs: number };
}

/** Limits that keep the quarantine from filling the disk. Held entries are never removed. */
export interface QuarantineLimits {
  maxAgeDays: number;
  maxTotalBytes: number;
}

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
   * Finishes what a crash interrupted. A half-made entry either still has its original at the
   * destination (and is dropped) or holds the file it took off the destination (which goes back
   * where it came from). A complete entry loses the plain copy it may still hold.
   */
  async recover(): Promise<void> {
    await recoverQuarantine(this.#folder, this.#logger);
  }

  /** Moves `path` into the quarantine, encrypted: `take` then `seal`. */
  async hold(path: string, details: HoldDetails): Promise<QuarantineResult<QuarantineEntry>> {
    const taken = await this.take(path);
    return taken.ok ? this.seal(taken.value, details) : taken;
  }

  /**
   * The quick first half of a hold: notes where the file came from, then takes it off its
   * destination at once when it can be renamed (the same filesystem, as a sync folder usually
   * is), so that no sync client uploads it. Otherwise it stays until `seal` has copied it.
   */
  async take(path: string): Promise<QuarantineResult<TakenFile>> {
    const id = randomUUID();
    const incoming = join(this.#folder, `${incomingPrefix}${id}`);
    try {
      await mkdir(incoming, { recursive: true, mode: 0o700 });
      await writeDurably(join(incoming, originName), JSON.stringify({ originalPath: path }));
      const before = await stat(path);
      const source = await takeOff(path, join(incoming, plainName));
      return { ok: true, value: { id, incoming, originalPath: path, source, before } };
    } catch (error) {
      await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
      const message = describeError(error);
      this.#logger.warn(`could not take ${path}: ${message}`);
      return { ok: false, message };
    }
  }

  /**
   * The second half: encrypts the taken file in, records the entry, and only then removes the
   * plain file. On failure a file already taken off goes back where it was.
   */
  async seal(taken: TakenFile, details: HoldDetails): Promise<QuarantineResult<QuarantineEntry>> {
    const { id, incoming, originalPath, source, before } = taken;
    try {
      // Encrypt it in, hashing the plaintext as it streams
      const streamKey = createStreamKey(Buffer.from(id));
      const sha256 = await sealFile(source, join(incoming, contentName), streamKey);
      const after = await stat(source);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        throw new Error('the file changed while it was being copied');
      }

      // Record the entry, then complete it with one rename
      const entry: QuarantineEntry = {
        version: 1,
        id,
        state: details.state ?? 'blocked',
        originalPath,
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

      // Only now remove the plain file: the original, or the copy taken off
      await unlink(source === originalPath ? originalPath : join(this.#folder, id, plainName));
      this.#logger.info(`took ${originalPath} as ${id} (${entry.state})`);
      return { ok: true, value: entry };
    } catch (error) {
      if (source !== originalPath) {
        await rename(source, originalPath).catch(() => undefined);
      }
      await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
      const message = describeError(error);
      this.#logger.warn(`could not take ${originalPath}: ${message}`);
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
    if (!entryIdPattern.test(id)) {
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
      if (!entryIdPattern.test(name)) {
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
