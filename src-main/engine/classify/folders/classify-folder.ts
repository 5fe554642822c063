import { lstat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Classification } from '../classification.ts';
import type { LayoutMatch } from '../layouts/layout-rules.ts';
import { matchLayout } from '../layouts/layout-rules.ts';
import { folderEncryption } from './folder-encryption.ts';
import { defaultMaxListedNames, folderFacts, probeFolder } from './folder-probe.ts';
import type { WalkLimits } from './folder-walk.ts';
import { walkFolder } from './folder-walk.ts';
import { isFileSystemError } from './fs-errors.ts';

/** Options for `classifyFolder`. */
export interface ClassifyFolderOptions {
  /** Files and folders visited at most to total the size; default 100,000. */
  maxEntries?: number;
  /** Folder levels descended at most; default 64. */
  maxDepth?: number;
}

/** The classifier's verdict on a folder: one backup, or none. */
export interface FolderClassification extends Classification {
  /** The regular files under the folder; `sizeBytes` is their total size. */
  fileCount: number;
  /** False when the walk stopped at a limit: `sizeBytes` and `fileCount` are then lower bounds. */
  walkComplete: boolean;
}

/** Why a folder could not be classified. These are expected outcomes, not bugs. */
export type FolderFailureCode = 'not-found' | 'not-a-folder' | 'unreadable';

export type ClassifyFolderResult =
  | { ok: true; classification: FolderClassification }
  | { ok: false; path: string; code: FolderFailureCode; message: string };

export const defaultWalkLimits: Readonly<WalkLimits> = { maxEntries: 100_000, maxDepth: 64 };

/**
 * Classifies a folder as one backup when it is laid out as one: a WindowsImageBackup tree, an iOS
 * backup, a Time Machine bundle or Backups.backupdb, a Clonezilla image, a restic, Borg or Kopia
 * repository, Duplicati or Duplicity volumes, a pg_dump directory. Its size and file count come
 * from a bounded walk. Expected file-system failures come back as values.
 */
export async function classifyFolder(
  path: string,
  options: ClassifyFolderOptions = {},
): Promise<ClassifyFolderResult> {
  // A folder, and not a link to one
  const folder = resolve(path);
  const failure = await checkFolder(folder);
  if (failure !== null) {
    return { ok: false, path: folder, ...failure };
  }

  // Its markers and names, then its size
  const probed = await probeFolder(folder, basename(folder), {
    listAlways: true,
    maxListedNames: defaultMaxListedNames,
  });
  const facts = folderFacts(probed, []);
  const totals = await walkFolder(folder, { ...defaultWalkLimits, ...options });
  const match: LayoutMatch | null = matchLayout(facts) ?? totals.shape;

  // The verdict
  const walk = {
    sizeBytes: totals.sizeBytes,
    fileCount: totals.fileCount,
    walkComplete: totals.complete,
  };
  const walkReasons = totals.stoppedBecause === null ? [] : [`walk ${totals.stoppedBecause}`];
  if (match === null) {
    const reasons = ['no backup folder layout', ...walkReasons];
    return { ok: true, classification: notBackup(folder, walk, reasons) };
  }
  const encryption = await folderEncryption(folder, match.format, facts);
  const reasons = [...match.reasons, ...walkReasons];
  if (encryption.reason !== null) {
    reasons.push(encryption.reason);
  }
  return {
    ok: true,
    classification: {
      path: folder,
      ...walk,
      isBackup: true,
      format: match.format,
      category: match.category,
      confidence: match.confidence,
      encrypted: encryption.encrypted,
      reasons,
    },
  };
}

async function checkFolder(
  folder: string,
): Promise<{ code: FolderFailureCode; message: string } | null> {
  try {
    const stats = await lstat(folder);
    return stats.isDirectory() ? null : { code: 'not-a-folder', message: 'Not a folder.' };
  } catch (error) {
    if (!isFileSystemError(error)) {
      throw error;
    }
    const code = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 'not-found' : 'unreadable';
    return { code, message: error.message };
  }
}

function notBackup(
  folder: string,
  walk: Pick<FolderClassification, 'sizeBytes' | 'fileCount' | 'walkComplete'>,
  reasons: string[],
): FolderClassification {
  return {
    path: folder,
    ...walk,
    isBackup: false,
    format: null,
    category: 'not-backup',
    confidence: null,
    encrypted: null,
    reasons,
  };
}
