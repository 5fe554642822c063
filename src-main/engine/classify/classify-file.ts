import type { ArchiveLimits } from './archive/archive-limits.ts';
import { defaultArchiveLimits } from './archive/archive-limits.ts';
import { canLookInside, lookInside } from './archive/look-inside.ts';
import type { ClassifyResult } from './classification.ts';
import { classifySample } from './classify-sample.ts';
import { maxHeadBytes, maxTailBytes } from './file-sample.ts';
import { readSample, withRegularFile } from './read-file-sample.ts';

export { classifySample } from './classify-sample.ts';
export type { FileSample } from './file-sample.ts';
export type { ArchiveLimits } from './archive/archive-limits.ts';

/** Options for `classifyFile`. */
export interface ClassifyOptions {
  /**
   * Bytes to read from the start of the file; defaults to `maxHeadBytes` (128 KiB). Lower values
   * miss signatures deep in the head, such as VHDX's second check at 0x10000 or ISO's at 32769.
   */
  maxHeadBytes?: number;
  /** Bytes to read from the end of the file; defaults to `maxTailBytes` (4 KiB). */
  maxTailBytes?: number;
  /**
   * Whether to list the members of zip, tar and gzip files and of document packages; default
   * true. Listing costs reads beyond the two sample reads, bounded by `archiveLimits`.
   */
  lookInsideArchives?: boolean;
  /** Bounds on listing archive members; defaults to `defaultArchiveLimits`. */
  archiveLimits?: Partial<ArchiveLimits>;
}

/**
 * Classifies the file at `path` from its first and last bytes. Never throws for expected
 * file-system conditions: a missing path, a directory, a FIFO or a permission error comes back as
 * `ok: false` with a code.
 *
 * The cost is two small reads whatever the file size. Zip and tar files (and document packages)
 * cost more, because their members are listed: a zip at most four reads more (its end record,
 * a zip64 record, at most 1 MiB of central directory, tried at two places), a tar at most `maxReads` reads of
 * `readWindowBytes` (128 x 32 KiB) following its headers, all within `maxReadBytes` (4 MiB).
 * A gzip costs no read more: its head sample is decompressed, up to `maxGunzipBytes`.
 */
export async function classifyFile(
  path: string,
  options: ClassifyOptions = {},
): Promise<ClassifyResult> {
  const limits = {
    maxHeadBytes: boundedLimit(options.maxHeadBytes, maxHeadBytes),
    maxTailBytes: boundedLimit(options.maxTailBytes, maxTailBytes),
  };
  const archiveLimits = { ...defaultArchiveLimits, ...options.archiveLimits };

  const result = await withRegularFile(path, async (file) => {
    // Two reads: the head and the tail
    const sample = await readSample(file, path, limits);
    const classification = classifySample(sample);
    if (options.lookInsideArchives === false || !canLookInside(classification)) {
      return classification;
    }

    // Archives: their members, within the archive limits
    return lookInside(classification, sample, file.readAt, archiveLimits);
  });
  if ('ok' in result) {
    return { ok: false, path, code: result.code, message: result.message };
  }
  return { ok: true, classification: result };
}

/** A caller's limit, kept a whole number between 0 and the default. */
function boundedLimit(requested: number | undefined, defaultBytes: number): number {
  if (requested === undefined || !Number.isFinite(requested)) {
    return defaultBytes;
  }
  return Math.min(defaultBytes, Math.max(0, Math.floor(requested)));
}
