import type { Detection } from '../detection.ts';
import { encryptionFromLayout } from '../layouts/layout-encryption.ts';
import { matchLayout } from '../layouts/layout-rules.ts';
import { matchPathShape } from '../layouts/path-shapes.ts';
import type { ArchiveEntry } from './archive-entry.ts';
import { archiveFolderFacts, buildArchiveTree, pathComponents } from './archive-tree.ts';
import { judgeEntryName } from './entry-names.ts';

/** Evidence inside an archive that it holds a backup. */
export interface EntryFinding {
  category: Detection['category'];
  /** A short phrase for the reasons, such as `contains "db/full.bak"`. */
  reason: string;
  /** Set when the finding is known to be encrypted, such as a restic repository. */
  encryptedBecause?: string;
}

/** How an archive is judged by its contents. */
export interface FindingOptions {
  /**
   * The archive is a document package (docx, odt, jar, apk, epub). Their parts are named by
   * their producers, so names count for nothing there: only members that no document holds (a
   * backup-product extension, a credential store, a repository layout) or an ambiguous member
   * of at least `minDocumentEntryBytes`.
   */
  inDocument: boolean;
  /** How deep in the archive's folders layouts are looked for. */
  maxLayoutDepth: number;
}

/**
 * Ambiguous members of document packages count from this size. A package part called
 * `backup.bak` is odd but harmless at a few kilobytes; at 16 MiB it is a file smuggled inside.
 */
export const minDocumentEntryBytes = 16 * 1024 * 1024;

/** Finds the members and folder layouts that make an archive a backup, layouts first. */
export function findBackupEntries(
  entries: readonly ArchiveEntry[],
  options: FindingOptions,
): EntryFinding[] {
  return [...findLayouts(entries, options.maxLayoutDepth), ...findMembers(entries, options)];
}

function findLayouts(entries: readonly ArchiveEntry[], maxLayoutDepth: number): EntryFinding[] {
  // Marker files of a layout in any folder of the archive
  const findings: EntryFinding[] = [];
  const tree = buildArchiveTree(entries, maxLayoutDepth);
  const seen = new Set<string>();
  for (const folder of tree.keys()) {
    const facts = archiveFolderFacts(tree, folder);
    const match = matchLayout(facts);
    if (match !== null) {
      seen.add(folder);
      const reason = layoutReason(match.format, folder);
      const encryption = encryptionFromLayout(match.format, facts.childNames);
      findings.push({
        category: match.category,
        reason,
        ...(encryption.encrypted === true && { encryptedBecause: encryption.reason ?? '' }),
      });
    }
  }

  // Paths shaped like a repository's data, for a repository archived without its markers
  for (const entry of entries) {
    const components = pathComponents(entry.path);
    const shape = entry.isDirectory ? null : matchPathShape(components);
    const root = components
      .slice(0, Math.max(0, components.length - (shape?.levelsUp ?? 0)))
      .join('/');
    if (shape !== null && !seen.has(root)) {
      seen.add(root);
      findings.push({ category: shape.category, reason: layoutReason(shape.format, root) });
    }
  }
  return findings;
}

function findMembers(entries: readonly ArchiveEntry[], options: FindingOptions): EntryFinding[] {
  const findings: EntryFinding[] = [];
  for (const entry of entries) {
    if (entry.isDirectory) {
      continue;
    }
    const verdict = judgeEntryName(entry.path, entry.sizeBytes);
    if (verdict === null || !countsIn(verdict.strength, entry.sizeBytes, options)) {
      continue;
    }
    findings.push({ category: verdict.category, reason: `contains "${entry.path}"` });
  }
  return findings;
}

function countsIn(
  strength: 'strong' | 'named' | 'sized',
  sizeBytes: number | null,
  options: FindingOptions,
): boolean {
  if (!options.inDocument || strength === 'strong') {
    return true;
  }
  return sizeBytes !== null && sizeBytes >= minDocumentEntryBytes;
}

function layoutReason(format: string, folder: string): string {
  return folder === '' ? `holds a ${format} at its root` : `contains a ${format} at "${folder}/"`;
}
