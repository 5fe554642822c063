import type { ChildKind, FolderFacts } from '../layouts/folder-facts.ts';
import type { ArchiveEntry } from './archive-entry.ts';

/** An archive's folders: each folder path ('' for the root) maps its child names to kinds. */
export type ArchiveTree = Map<string, Map<string, ChildKind>>;

/** Splits a member path into clean components: `/` or `\` separators, no empty or `.` parts. */
export function pathComponents(path: string): string[] {
  return path.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
}

/**
 * Builds the folder tree of an archive from its listing, down to `maxDepth` folders below the
 * root. Folders that only appear in member paths (zip often lists no folder entries) are added.
 */
export function buildArchiveTree(entries: readonly ArchiveEntry[], maxDepth: number): ArchiveTree {
  const tree: ArchiveTree = new Map([['', new Map<string, ChildKind>()]]);
  for (const entry of entries) {
    const components = pathComponents(entry.path);
    const depth = Math.min(components.length, maxDepth + 1);

    // Each component is a child of the folder before it
    for (let index = 0; index < depth; index++) {
      const folder = components.slice(0, index).join('/');
      const name = components[index] ?? '';
      const isLast = index === components.length - 1;
      const kind: ChildKind = isLast && !entry.isDirectory ? 'file' : 'directory';
      const children = tree.get(folder) ?? new Map<string, ChildKind>();
      tree.set(folder, children);
      if (children.get(name) !== 'directory') {
        children.set(name, kind);
      }
    }
  }
  return tree;
}

/** The facts of one folder of the tree, for the layout rules. */
export function archiveFolderFacts(tree: ArchiveTree, folder: string): FolderFacts {
  const children = tree.get(folder) ?? new Map<string, ChildKind>();
  return {
    name: folder.split('/').at(-1) ?? '',
    childNames: [...children.keys()],
    kindOf: (relativePath) => {
      const parts = pathComponents(relativePath);
      const name = parts.pop();
      const parent = [folder, ...parts].filter((part) => part !== '').join('/');
      return name === undefined ? null : (tree.get(parent)?.get(name) ?? null);
    },
  };
}
