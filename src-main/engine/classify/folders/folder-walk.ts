import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShapeMatch } from '../layouts/path-shapes.ts';
import { matchPathShape } from '../layouts/path-shapes.ts';
import { onFileSystemError } from './fs-errors.ts';

/** Bounds on walking a folder. */
export interface WalkLimits {
  /** Entries (files and folders) visited at most. */
  maxEntries: number;
  /** Folder levels descended at most below the root. */
  maxDepth: number;
}

/** What a walk found. */
export interface FolderTotals {
  /** The bytes of the regular files visited. */
  sizeBytes: number;
  /** The regular files visited. */
  fileCount: number;
  /** False when a limit stopped the walk: the totals are then lower bounds. */
  complete: boolean;
  /** Why the walk stopped early; null when complete. */
  stoppedBecause: string | null;
  /** The first file whose path, from the root, is shaped like a repository's data. */
  shape: ShapeMatch | null;
}

/** How many files are measured at once. */
const statConcurrency = 32;

/**
 * Walks a folder depth first, without following symbolic links, to total its files' sizes within
 * `limits`. Folders that vanish or cannot be read are skipped; the walk never throws for them.
 */
export async function walkFolder(root: string, limits: WalkLimits): Promise<FolderTotals> {
  const totals: FolderTotals = {
    sizeBytes: 0,
    fileCount: 0,
    complete: true,
    stoppedBecause: null,
    shape: null,
  };
  const pending: { path: string; names: string[] }[] = [{ path: root, names: [] }];
  let entries = 0;

  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    // List one folder, within the entry budget
    const listed = await listFolder(folder.path, limits.maxEntries - entries);
    entries += listed.files.length + listed.folders.length;
    if (listed.truncated) {
      stop(totals, `stopped after ${limits.maxEntries} entries`);
    }

    // Measure its files, and look at their path shapes
    await measureFiles(folder.path, listed.files, totals);
    totals.shape ??= firstShape(folder.names, listed.files);

    // Queue its folders, within the depth limit
    if (folder.names.length >= limits.maxDepth && listed.folders.length > 0) {
      stop(totals, `stopped at depth ${limits.maxDepth}`);
      continue;
    }
    for (const name of listed.folders) {
      pending.push({ path: join(folder.path, name), names: [...folder.names, name] });
    }
    if (!totals.complete && entries >= limits.maxEntries) {
      break;
    }
  }
  return totals;
}

async function listFolder(
  path: string,
  maxEntries: number,
): Promise<{ files: string[]; folders: string[]; truncated: boolean }> {
  const files: string[] = [];
  const folders: string[] = [];
  try {
    const directory = await opendir(path);
    for await (const entry of directory) {
      if (files.length + folders.length >= maxEntries) {
        return { files, folders, truncated: true };
      }
      if (entry.isDirectory()) {
        folders.push(entry.name);
      } else if (entry.isFile()) {
        files.push(entry.name);
      }
    }
  } catch (error) {
    onFileSystemError(error, null);
  }
  return { files, folders, truncated: false };
}

async function measureFiles(folder: string, files: string[], totals: FolderTotals): Promise<void> {
  for (let start = 0; start < files.length; start += statConcurrency) {
    const batch = files.slice(start, start + statConcurrency);
    const sizes = await Promise.all(batch.map((name) => sizeOf(join(folder, name))));
    for (const size of sizes) {
      if (size !== null) {
        totals.sizeBytes += size;
        totals.fileCount++;
      }
    }
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const stats = await lstat(path);
    return stats.isFile() ? stats.size : null;
  } catch (error) {
    return onFileSystemError(error, null);
  }
}

function firstShape(folderNames: readonly string[], files: readonly string[]): ShapeMatch | null {
  for (const name of files) {
    const shape = matchPathShape([...folderNames, name]);
    if (shape !== null && shape.levelsUp === folderNames.length + 1) {
      return shape;
    }
  }
  return null;
}

function stop(totals: FolderTotals, because: string): void {
  totals.complete = false;
  totals.stoppedBecause ??= because;
}
