import type { ClassifyResult } from './classification.ts';
import { classifySample } from './classify-sample.ts';
import { maxHeadBytes, maxTailBytes } from './file-sample.ts';
import { readFileSample } from './read-file-sample.ts';

export { classifySample } from './classify-sample.ts';
export type { FileSample } from './file-sample.ts';

/** Options for `classifyFile`. */
export interface ClassifyOptions {
  /**
   * Bytes to read from the start of the file; defaults to `maxHeadBytes` (128 KiB). Lower values
   * miss signatures deep in the head, such as VHDX's second check at 0x10000 or ISO's at 32769.
   */
  maxHeadBytes?: number;
  /** Bytes to read from the end of the file; defaults to `maxTailBytes` (4 KiB). */
  maxTailBytes?: number;
}

/**
 * Classifies the file at `path` from its first and last bytes. Never throws for expected
 * file-system conditions: a missing path, a directory, a FIFO or a permission error comes back as
 * `ok: false` with a code. The cost is two small reads whatever the file size.
 */
export async function classifyFile(
  path: string,
  options: ClassifyOptions = {},
): Promise<ClassifyResult> {
  // Read the sample within bounds
  const limits = {
    maxHeadBytes: boundedLimit(options.maxHeadBytes, maxHeadBytes),
    maxTailBytes: boundedLimit(options.maxTailBytes, maxTailBytes),
  };
  const read = await readFileSample(path, limits);
  if (!read.ok) {
    return { ok: false, path, code: read.code, message: read.message };
  }

  return { ok: true, classification: classifySample(read.sample) };
}

/** A caller's limit, kept a whole number between 0 and the default. */
function boundedLimit(requested: number | undefined, defaultBytes: number): number {
  if (requested === undefined || !Number.isFinite(requested)) {
    return defaultBytes;
  }
  return Math.min(defaultBytes, Math.max(0, Math.floor(requested)));
}
