import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** The install secret that keys the activity log's MACs. */
export interface ChainKey {
  /** The 32 secret bytes. */
  bytes: Buffer;
  /** SHA-256 of the key (hex): names the key in SIEM checkpoints without revealing it. */
  fingerprint: string;
}

/** Why a key could not be read. */
export type ChainKeyProblem = 'missing' | 'unreadable' | 'malformed';

/** Thrown by `readChainKey`; `problem` tells a missing key (suspicious) from a denied read. */
export class ChainKeyError extends Error {
  readonly problem: ChainKeyProblem;

  constructor(problem: ChainKeyProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** Key length in bytes. */
export const chainKeyBytes = 32;

/** The key file holds 64 hex digits and a newline; anything larger is not ours. */
const maxKeyFileBytes = 256;

const fingerprintDomain = 'copywarden/activity-log/v1/key-fingerprint';

/** The key file that belongs to the log database at `databasePath`. */
export function chainKeyPath(databasePath: string): string {
  return join(dirname(databasePath), 'activity-log.key');
}

/** Names a key without revealing it. */
export function chainKeyFingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(fingerprintDomain).update(bytes).digest('hex');
}

/**
 * Reads the key at `path`, or creates one (32 random bytes, mode 0600, its own file) when there
 * is none. `created` tells the caller that no key existed, which matters when the log already
 * has chained records: their key is gone.
 */
export function loadOrCreateChainKey(path: string): { key: ChainKey; created: boolean } {
  try {
    return { key: readChainKey(path), created: false };
  } catch (error) {
    if (!(error instanceof ChainKeyError) || error.problem !== 'missing') {
      throw error;
    }
  }

  // Write a complete key beside the target, then link it into place: a concurrent creator or
  // a crash never leaves a half-written key under the real name
  const temporaryPath = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporaryPath, 'w', 0o600);
  try {
    writeSync(descriptor, `${randomBytes(chainKeyBytes).toString('hex')}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }

  // Publish it, unless another process won the race
  let created = true;
  try {
    linkSync(temporaryPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    created = false;
  } finally {
    unlinkSync(temporaryPath);
  }
  syncFolder(dirname(path));
  return { key: readChainKey(path), created };
}

/** Reads the key at `path`; throws `ChainKeyError` when it is missing, unreadable or malformed. */
export function readChainKey(path: string): ChainKey {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'missing' : 'unreadable';
    throw new ChainKeyError(problem, `cannot read the log key ${path}: ${String(code)}`);
  }

  try {
    // A regular file of bounded size only
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.size > maxKeyFileBytes) {
      throw new ChainKeyError('malformed', `the log key ${path} is not a key file`);
    }
    tightenMode(path, stats.mode);

    // 64 hex digits
    const buffer = Buffer.alloc(maxKeyFileBytes);
    const length = readSync(descriptor, buffer, 0, maxKeyFileBytes, 0);
    const text = buffer.subarray(0, length).toString('utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) {
      throw new ChainKeyError('malformed', `the log key ${path} does not hold 64 hex digits`);
    }
    const bytes = Buffer.from(text, 'hex');
    return { bytes, fingerprint: chainKeyFingerprint(bytes) };
  } finally {
    closeSync(descriptor);
  }
}

/** Takes back group and other access if someone widened it (POSIX only; a no-op on Windows). */
function tightenMode(path: string, mode: number): void {
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    try {
      chmodSync(path, 0o600);
    } catch {
      // Not the owner (a helpdesk user reading the key): leave it; reading still works
    }
  }
}

/** Makes the new directory entry durable, where the platform allows opening a folder. */
function syncFolder(path: string): void {
  if (process.platform === 'win32') {
    return;
  }
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
