/** A backup repository the policy names, whose files the inventory fingerprints. */
export interface RepositorySpec {
  /** The repository's folder: a local path or a mounted share. */
  path: string;
  /** A name for people, such as `Finance SQL backups`; optional. */
  name?: string | undefined;
}
