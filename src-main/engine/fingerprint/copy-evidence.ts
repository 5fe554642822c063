import { lstat } from 'node:fs/promises';
import { onFileSystemError } from '../classify/folders/fs-errors.ts';
import type { FingerprintStore } from './fingerprint-store.ts';
import { fullSha256 } from './full-sha256.ts';
import type { RepositoryMatch } from './repository-lookup.ts';

/** Full-hash evidence that a landed file is a copy of a repository file. */
export interface CopyEvidence {
  landedSha256: string;
  originalSha256: string;
  /** True when the two hashes are equal: the landed file is an exact copy. */
  identical: boolean;
}

/**
 * Hashes the landed file and the original in full. The original's hash is taken from the
 * inventory when it was computed before and the original has not changed since, and remembered
 * otherwise. Null when either file cannot be read.
 */
export async function confirmCopy(
  landedPath: string,
  match: RepositoryMatch,
  store: FingerprintStore,
  signal: AbortSignal,
): Promise<CopyEvidence | null> {
  // The landed file
  const landed = await hashOrNull(landedPath, signal);
  if (landed === null) {
    return null;
  }

  // The original, from the inventory when still valid
  let originalSha256 = match.sha256;
  if (originalSha256 === null || !(await isUnchanged(match))) {
    const original = await hashOrNull(match.originalPath, signal);
    if (original === null) {
      return null;
    }
    originalSha256 = original;
    const file = {
      relativePath: match.relativePath,
      sizeBytes: match.sizeBytes,
      mtimeMs: match.mtimeMs,
    };
    store.setSha256(match.repositoryPath, file, original);
  }

  return { landedSha256: landed, originalSha256, identical: landed === originalSha256 };
}

async function hashOrNull(path: string, signal: AbortSignal): Promise<string | null> {
  try {
    const result = await fullSha256(path, signal);
    return 'ok' in result ? null : result.sha256;
  } catch (error) {
    if (signal.aborted) {
      return null;
    }
    throw error;
  }
}

async function isUnchanged(match: RepositoryMatch): Promise<boolean> {
  try {
    const stats = await lstat(match.originalPath);
    return stats.size === match.sizeBytes && stats.mtimeMs === match.mtimeMs;
  } catch (error) {
    return onFileSystemError(error, false);
  }
}
