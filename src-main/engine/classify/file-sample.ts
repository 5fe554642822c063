/**
 * The bytes the classifier looks at: the start and the end of a file, never the middle, so that
 * classifying costs two small reads whatever the file size.
 */
export interface FileSample {
  /** The file's path or name; only its last component is used, for name and extension hints. */
  path: string;
  /** The size of the whole file, which places `tail` in the file. */
  sizeBytes: number;
  /** Bytes from offset 0, at most `maxHeadBytes` of them. */
  head: Uint8Array;
  /** The last bytes of the file, at most `maxTailBytes` of them. */
  tail: Uint8Array;
}

/**
 * How many bytes to read from the start of a file. 128 KiB covers the VHDX header copy at 0x10000
 * and the ISO 9660 volume descriptor at 32769.
 */
export const maxHeadBytes = 128 * 1024;

/** How many bytes to read from the end of a file: the VHD footer (EOF-512), the Macrium X footer
 * (EOF-12) and a small ZIP central directory or 7z end header. */
export const maxTailBytes = 4 * 1024;
