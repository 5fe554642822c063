/** One member of an archive, as its directory or header lists it. */
export interface ArchiveEntry {
  /** The member's path inside the archive, with `/` separators. */
  path: string;
  /** The member's uncompressed size, when the listing states it. */
  sizeBytes: number | null;
  isDirectory: boolean;
}

/** The members of an archive that could be listed within the bounds. */
export interface ArchiveListing {
  entries: ArchiveEntry[];
  /** True when every member was listed. */
  complete: boolean;
  /** Why the listing is partial or empty, for the reasons; null when complete. */
  note: string | null;
}
