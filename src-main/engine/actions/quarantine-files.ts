import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, stat, writeFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { createDecryptStream, createEncryptStream, type StreamKey } from './chunked-cipher.ts';

/* File operations of the quarantine: each one durable, each one bounded to one file. */

/** Renames `path` to `target` when it can; returns where the file now is. */
export async function takeOff(path: string, target: string): Promise<string> {
  try {
    await rename(path, target);
    return target;
  } catch {
    // Another filesystem (a removable volume): the file is copied, then removed.
    return path;
  }
}

/** Encrypts `source` into `target`, returning the plaintext's SHA-256. */
export async function sealFile(
  source: string,
  target: string,
  streamKey: StreamKey,
): Promise<string> {
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
export async function openFile(
  source: string,
  target: string,
  streamKey: StreamKey,
): Promise<string> {
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

export async function writeDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await syncFile(temporary);
  await rename(temporary, path);
}

function syncFile(path: string): Promise<void> {
  return syncPath(path, 'r+');
}

/** Flushes a folder's entries, so that a rename in it survives a power cut (POSIX only). */
export async function syncFolder(path: string): Promise<void> {
  if (process.platform !== 'win32') {
    await syncPath(path, 'r');
  }
}

async function syncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code !== undefined ? `${code}: ${message}` : message;
}
