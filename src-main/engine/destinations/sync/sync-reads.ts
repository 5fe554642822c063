import { readdir, stat } from 'node:fs/promises';

import { readBoundedText } from '../bounded-read.ts';
import { hostPath, type SyncContext, type WatchedPath } from './sync-context.ts';
import { cloudStorageFolder, under } from './sync-paths.ts';

/** Provider config files are a few kilobytes; anything far larger is not one. */
export const maxConfigBytes = 1024 * 1024;

/** Folders listed when looking for sync roots by name; a home with more is not read further. */
export const maxListedEntries = 2_000;

/** Whether `path` is an existing folder. */
export async function isDirectory(context: SyncContext, path: string): Promise<boolean> {
  try {
    return (await stat(hostPath(context, path))).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `path` exists, as a file or folder. */
export async function exists(context: SyncContext, path: string): Promise<boolean> {
  try {
    await stat(hostPath(context, path));
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a provider's config file. A missing file is normal (the client is not installed) and
 * logged at debug level; any other failure is logged as a warning. Both give null.
 */
export async function readConfigText(
  context: SyncContext,
  file: WatchedPath,
): Promise<string | null> {
  const result = await readBoundedText(hostPath(context, file.path), maxConfigBytes);
  if (result.ok) {
    return result.text;
  }

  if (result.code === 'missing') {
    context.logger.debug(`No ${file.display}`);
  } else {
    context.logger.warn(`Ignoring ${file.display}: ${result.message}`);
  }
  return null;
}

/**
 * The sub-folders of a folder, sorted by name, at most {@link maxListedEntries} of them. An
 * absent or unreadable folder gives none.
 */
export async function subfolders(
  context: SyncContext,
  folder: WatchedPath,
): Promise<{ name: string; folder: WatchedPath }[]> {
  let entries;
  try {
    entries = await readdir(hostPath(context, folder.path), { withFileTypes: true });
  } catch {
    return [];
  }

  if (entries.length > maxListedEntries) {
    context.logger.warn(
      `Reading only ${maxListedEntries} of ${entries.length} entries of ${folder.display}`,
    );
  }
  return entries
    .slice(0, maxListedEntries)
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, folder: under(folder, context, name) }));
}

/**
 * The folders in `~/Library/CloudStorage` whose names start with `prefix`, on macOS only. An
 * absent folder gives none.
 */
export async function cloudStorageEntries(
  context: SyncContext,
  prefix: string,
): Promise<{ name: string; folder: WatchedPath }[]> {
  if (context.platform !== 'darwin') {
    return [];
  }
  const entries = await subfolders(context, cloudStorageFolder(context));
  return entries.filter(({ name }) => name.startsWith(prefix));
}

/** Whether a parsed JSON value is an object with named members. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
