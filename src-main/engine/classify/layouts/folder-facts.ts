/** What a child of a folder is. */
export type ChildKind = 'file' | 'directory';

/**
 * What is known of one folder, whether it is a folder on disk or a folder inside an archive: its
 * name, the kinds of some paths below it, and some or all of its child names.
 */
export interface FolderFacts {
  /** The folder's own name. */
  name: string;
  /** The kind of a child, or of a deeper path such as `config/readme`; null when absent or unknown. */
  kindOf(relativePath: string): ChildKind | null;
  /**
   * Child names known: every name for an archive's folder or a listed folder on disk, only the
   * names on hand (such as the one a file landed under) for a cheap probe.
   */
  childNames: readonly string[];
}

/** Whether the folder has `path` (a child or a deeper path) of the given kind. */
export function hasChild(facts: FolderFacts, path: string, kind: ChildKind): boolean {
  return facts.kindOf(path) === kind;
}
