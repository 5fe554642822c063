import { createHash } from 'node:crypto';
import type { ReadFailure } from '../classify/read-file-sample.ts';
import { withRegularFile } from '../classify/read-file-sample.ts';

/** Bytes read at a time while hashing a whole file. */
const chunkBytes = 1024 * 1024;

/** The SHA-256 of a whole file and its size as hashed. */
export interface FullHash {
  sha256: string;
  sizeBytes: number;
}

/**
 * Hashes a whole regular file. This reads every byte, so it belongs off the hot path (the
 * inventory runs it through a queue with low concurrency). `signal` stops it between chunks.
 */
export function fullSha256(path: string, signal?: AbortSignal): Promise<FullHash | ReadFailure> {
  return withRegularFile(path, async (file) => {
    const hash = createHash('sha256');
    let position = 0;
    for (;;) {
      signal?.throwIfAborted();
      const chunk = await file.readAt(position, chunkBytes);
      if (chunk.length === 0) {
        break;
      }
      hash.update(chunk);
      position += chunk.length;
    }
    return { sha256: hash.digest('hex'), sizeBytes: position };
  });
}
