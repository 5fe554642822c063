import { join } from 'node:path';
import type { ReadFailure } from '../classify/read-file-sample.ts';
import { withRegularFile } from '../classify/read-file-sample.ts';
import type { FingerprintStore } from './fingerprint-store.ts';
import { fingerprintOpenFile, minFingerprintBytes } from './sampled-fingerprint.ts';

/** A repository file that a landed file is a copy of, by sampled fingerprint. */
export interface RepositoryMatch {
  repositoryPath: string;
  repositoryName: string | null;
  /** The repository file's absolute path: what the event names as the original. */
  originalPath: string;
  /** The original's path inside its repository. */
  relativePath: string;
  sizeBytes: number;
  /** The original's modification time when it was inventoried, to tell it changed since. */
  mtimeMs: number;
  /** The original's full SHA-256, when evidence was computed for it before. */
  sha256: string | null;
}

/** The answer of a lookup: the repository files a landed file matches (usually none). */
export type LookupResult =
  | {
      ok: true;
      matches: RepositoryMatch[];
      /** Bytes read from the landed file: 0 when no repository file has its size. */
      bytesRead: number;
    }
  | ReadFailure;

/**
 * The repository files that the file at `path` is a copy of. Reads nothing when no repository
 * file has its size, else its three sampled blocks. Expected file-system failures are values.
 */
export async function lookupCopies(store: FingerprintStore, path: string): Promise<LookupResult> {
  const result = await withRegularFile(path, async (file) => {
    // Most landed files have a size no repository file has: no read at all
    if (file.sizeBytes < minFingerprintBytes || !store.hasSize(file.sizeBytes)) {
      return { matches: [], bytesRead: 0 };
    }

    const sampled = await fingerprintOpenFile(file);
    const rows = store.findByFingerprint(sampled.sizeBytes, sampled.fingerprint);
    const matches = rows.map((row) => ({
      repositoryPath: row.repositoryPath,
      repositoryName: row.repositoryName,
      originalPath: join(row.repositoryPath, row.relativePath),
      relativePath: row.relativePath,
      sizeBytes: row.sizeBytes,
      mtimeMs: row.mtimeMs,
      sha256: row.sha256,
    }));
    return { matches, bytesRead: sampled.bytesRead };
  });
  return 'ok' in result ? result : { ok: true, ...result };
}
