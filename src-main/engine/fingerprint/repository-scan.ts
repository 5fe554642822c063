import { lstat, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../base/logger.ts';
import { onFileSystemError } from '../classify/folders/fs-errors.ts';
import type { FingerprintStore, ScanWrite, StoredRepository } from './fingerprint-store.ts';
import type { RepositoryWalkLimits } from './repository-walk.ts';
import { walkRepositoryFiles } from './repository-walk.ts';
import { fingerprintFile, minFingerprintBytes } from './sampled-fingerprint.ts';

/** Where an inventory of one repository stands. */
export interface ScanProgress {
  repositoryPath: string;
  repositoryName: string | null;
  /**
   * `counting`: listing files to know the total; `fingerprinting`: reading changed files;
   * `done`: the inventory matches the repository; `unreachable`: the repository is missing
   * (its earlier inventory is kept); `aborted`: stopped by dispose.
   */
  phase: 'counting' | 'fingerprinting' | 'done' | 'unreachable' | 'aborted';
  /** Files looked at so far in this scan. */
  filesDone: number;
  /** Files the counting walk found; 0 while counting. */
  filesTotal: number;
  /** Files read for a new fingerprint in this scan (new or changed ones). */
  filesFingerprinted: number;
  /** Bytes read for fingerprints in this scan. */
  bytesRead: number;
}

/** What a scan needs. */
export interface ScanContext {
  store: FingerprintStore;
  logger: Logger;
  limits: RepositoryWalkLimits;
  onProgress: (progress: ScanProgress) => void;
  /** How often progress is reported while fingerprinting. */
  progressIntervalMs: number;
  signal: AbortSignal;
}

/** Files written to the store per transaction. */
const writeBatchFiles = 256;

/**
 * Brings one repository's inventory up to date: count its files, then stat each and fingerprint
 * only those new or changed (by size and modification time) since the last scan; files gone
 * from the repository are dropped at the end of a complete scan. A missing repository keeps its
 * earlier inventory and is logged.
 */
export async function scanRepository(
  repository: StoredRepository,
  context: ScanContext,
): Promise<ScanProgress> {
  const { store, logger } = context;
  const progress: ScanProgress = {
    repositoryPath: repository.path,
    repositoryName: repository.name,
    phase: 'counting',
    filesDone: 0,
    filesTotal: 0,
    filesFingerprinted: 0,
    bytesRead: 0,
  };

  // The repository must be a reachable folder
  if (!(await isFolder(repository.path))) {
    // Warn when it goes missing, not again on every pass while it stays so
    const kept = store.fileCount(repository.id);
    const message = `repository ${repository.path} is not reachable; keeping the ${kept} files inventoried earlier`;
    if (repository.state === 'unreachable') {
      logger.debug(message);
    } else {
      logger.warn(message);
    }
    store.setState(repository.id, 'unreachable');
    return report(context, progress, 'unreachable');
  }

  // Count, so that progress has a total
  const generation = store.beginScan(repository.id);
  context.onProgress({ ...progress });
  const counted = await walkRepositoryFiles(
    repository.path,
    context.limits,
    () => {},
    context.signal,
  );
  progress.filesTotal = counted.files;
  if (counted.aborted) {
    return report(context, progress, 'aborted');
  }
  progress.phase = 'fingerprinting';
  context.onProgress({ ...progress });

  // Stat every file, fingerprint the new and changed ones
  const pending: ScanWrite[] = [];
  let lastReportMs = Date.now();
  const walked = await walkRepositoryFiles(
    repository.path,
    context.limits,
    async (relativePath) => {
      const write = await inspectFile(repository, relativePath, progress, store);
      if (write !== null) {
        pending.push(write);
      }
      progress.filesDone++;
      progress.filesTotal = Math.max(progress.filesTotal, progress.filesDone);
      if (pending.length >= writeBatchFiles) {
        store.writeBatch(repository.id, generation, pending.splice(0));
      }
      if (Date.now() - lastReportMs >= context.progressIntervalMs) {
        lastReportMs = Date.now();
        context.onProgress({ ...progress });
      }
    },
    context.signal,
  );
  store.writeBatch(repository.id, generation, pending.splice(0));

  // Finish: only a complete scan may drop the files it did not see
  if (walked.aborted) {
    return report(context, progress, 'aborted');
  }
  if (walked.truncated) {
    logger.warn(
      `repository ${repository.path} holds more than ${context.limits.maxFiles} files or ${context.limits.maxDepth} folder levels; inventoried the first ${walked.files}`,
    );
  }
  store.finishScan(repository.id, walked.truncated ? 0 : generation);
  return report(context, progress, 'done');
}

/** One file: unchanged since the last scan, freshly fingerprinted, or skipped (null). */
async function inspectFile(
  repository: StoredRepository,
  relativePath: string,
  progress: ScanProgress,
  store: FingerprintStore,
): Promise<ScanWrite | null> {
  // Size and modification time first: an unchanged file is not read
  const path = join(repository.path, relativePath);
  const stats = await statFile(path);
  if (stats === null || stats.size < minFingerprintBytes) {
    return null;
  }
  const recorded = store.recorded(repository.id, relativePath);
  if (recorded?.sizeBytes === stats.size && recorded.mtimeMs === stats.mtimeMs) {
    return { kind: 'unchanged', relativePath };
  }

  // New or changed: read the sampled blocks
  const result = await fingerprintFile(path);
  if ('ok' in result) {
    return null;
  }
  progress.filesFingerprinted++;
  progress.bytesRead += result.bytesRead;
  const file = { relativePath, sizeBytes: result.sizeBytes, mtimeMs: stats.mtimeMs };
  return { kind: 'fingerprinted', file: { ...file, fingerprint: result.fingerprint } };
}

function report(
  context: ScanContext,
  progress: ScanProgress,
  phase: ScanProgress['phase'],
): ScanProgress {
  const final = { ...progress, phase };
  context.onProgress(final);
  return final;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    // The root may be a link to the repository; inside it, links are not followed
    return (await stat(path)).isDirectory();
  } catch (error) {
    return onFileSystemError(error, false);
  }
}

async function statFile(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const stats = await lstat(path);
    return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : null;
  } catch (error) {
    return onFileSystemError(error, null);
  }
}
