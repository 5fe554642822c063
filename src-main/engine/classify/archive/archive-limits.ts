/**
 * Bounds on looking inside an archive. Each is a named maximum, so that a crafted archive (a
 * central directory claiming a billion entries, a tar of a million empty members) costs no more
 * than a well-behaved one.
 */
export interface ArchiveLimits {
  /**
   * Bytes read from the end of a zip to find its end record when the sample's tail missed it:
   * the record, its largest comment, and the zip64 locator before it.
   */
  maxEndSearchBytes: number;
  /** Bytes of a zip central directory read at most; a larger one is read in part. */
  maxCentralDirectoryBytes: number;
  /** Entries listed at most, in a zip or a tar. */
  maxEntries: number;
  /** Reads from the file beyond the head and tail sample, in all. */
  maxReads: number;
  /** Bytes read from the file beyond the head and tail sample, in all. */
  maxReadBytes: number;
  /** How many bytes one read beyond the sample fetches at least, so that small tar members cost one read per window rather than one per header. */
  readWindowBytes: number;
  /** Bytes of PAX or GNU long-name data read for one member name. */
  maxMemberNameBytes: number;
  /** Decompressed bytes of a gzip file's head examined; only the head sample is decompressed. */
  maxGunzipBytes: number;
  /** How deep in an archive's folder tree a backup repository layout is looked for. */
  maxLayoutDepth: number;
}

/**
 * How many containers deep the classifier opens: one. A gzip's head is decompressed and a tar
 * found there is walked, but an archive inside an archive is judged by its name only.
 */
export const maxNestingDepth = 1;

export const defaultArchiveLimits: Readonly<ArchiveLimits> = {
  maxEndSearchBytes: 22 + 0xffff + 20,
  maxCentralDirectoryBytes: 1024 * 1024,
  maxEntries: 10_000,
  maxReads: 128,
  maxReadBytes: 4 * 1024 * 1024,
  readWindowBytes: 32 * 1024,
  maxMemberNameBytes: 64 * 1024,
  maxGunzipBytes: 1024 * 1024,
  maxLayoutDepth: 8,
};
