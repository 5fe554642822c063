import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChildKind, FolderFacts } from '../layouts/folder-facts.ts';
import type { LayoutRule } from '../layouts/layout-rules.ts';
import { layoutRules } from '../layouts/layout-rules.ts';
import { onFileSystemError } from './fs-errors.ts';

/** How a folder on disk is probed. */
export interface ProbeOptions {
  /** List the folder's child names even when no rule asks for them (`classifyFolder` does). */
  listAlways: boolean;
  /** Child names listed at most. */
  maxListedNames: number;
}

/** Child names listed at most from one folder. */
export const defaultMaxListedNames = 4096;

/** What a probe learned of a folder, without the names a caller adds. */
export interface ProbedFolder {
  name: string;
  kinds: ReadonlyMap<string, ChildKind>;
  /** The listed child names; empty when the folder was not listed. */
  listedNames: readonly string[];
}

/**
 * Probes a folder for the layout rules in three steps: stat the anchors of the rules whose name
 * gate the folder passes; stat the markers of the rules with an anchor present; list the folder
 * (bounded) only when a rule asks. Symbolic links count as neither files nor folders.
 */
export async function probeFolder(
  path: string,
  name: string,
  options: ProbeOptions,
): Promise<ProbedFolder> {
  // Anchors of the rules this folder's name admits
  const kinds = new Map<string, ChildKind>();
  const rules = layoutRules.filter((rule) => rule.nameGate?.(name) ?? true);
  await statInto(path, unique(rules.flatMap((rule) => rule.anchors)), kinds);

  // Markers of the rules with an anchor present
  const open = rules.filter((rule) => rule.anchors.some((anchor) => kinds.has(anchor)));
  await statInto(path, unique(open.flatMap((rule) => rule.markers)), kinds);

  // Names, when asked for
  const facts = folderFacts({ name, kinds, listedNames: [] }, []);
  const needsListing = open.some((rule: LayoutRule) => rule.needsListing?.(facts) === true);
  const listedNames =
    options.listAlways || needsListing
      ? await listWithKinds(path, options.maxListedNames, kinds)
      : [];
  return { name, kinds, listedNames };
}

/** The facts of a probed folder, with the names the caller knows added (a file that landed). */
export function folderFacts(probed: ProbedFolder, knownNames: readonly string[]): FolderFacts {
  return {
    name: probed.name,
    childNames: unique([...probed.listedNames, ...knownNames]),
    kindOf: (relativePath) => probed.kinds.get(relativePath) ?? null,
  };
}

async function statInto(
  folder: string,
  paths: readonly string[],
  kinds: Map<string, ChildKind>,
): Promise<void> {
  const unknown = paths.filter((path) => !kinds.has(path));
  const found = await Promise.all(unknown.map((path) => kindOf(join(folder, path))));
  unknown.forEach((path, index) => {
    const kind = found[index];
    if (kind !== null && kind !== undefined) {
      kinds.set(path, kind);
    }
  });
}

/** Lists up to `maxNames` child names, noting the kinds the directory entries give. */
async function listWithKinds(
  folder: string,
  maxNames: number,
  kinds: Map<string, ChildKind>,
): Promise<string[]> {
  const names: string[] = [];
  try {
    const directory = await opendir(folder);
    for await (const entry of directory) {
      names.push(entry.name);
      if (entry.isFile() || entry.isDirectory()) {
        kinds.set(entry.name, entry.isFile() ? 'file' : 'directory');
      }
      if (names.length >= maxNames) {
        break;
      }
    }
  } catch (error) {
    // A folder that vanished or cannot be listed offers the names read so far
    return onFileSystemError(error, names);
  }
  return names;
}

async function kindOf(path: string): Promise<ChildKind | null> {
  try {
    const stats = await lstat(path);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : null;
  } catch (error) {
    return onFileSystemError(error, null);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
