import { stat } from 'node:fs/promises';

import { readBoundedText } from '../bounded-read.ts';
import { maxMountInfoBytes, parseMountInfo } from '../mountinfo.ts';
import { hostPath, type SyncContext, type SyncProvider } from './sync-context.ts';

/**
 * A text that changes when a watched file or folder changes: its inode, size and modification
 * time, or its absence.
 */
export async function pathsSignature(
  context: SyncContext,
  paths: readonly string[],
): Promise<string> {
  const states = await Promise.all(
    paths.map(async (path) => {
      try {
        const stats = await stat(hostPath(context, path));
        return `${path}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
      } catch {
        return `${path}:absent`;
      }
    }),
  );
  return JSON.stringify(states);
}

/** The mounts of the providers' watched mount types, as mount point and source. */
export async function mountsSignature(
  context: SyncContext,
  providers: readonly SyncProvider[],
): Promise<string> {
  const types = new Set(providers.flatMap((provider) => provider.watchedMountTypes ?? []));
  if (context.mountInfoPath === null || types.size === 0) {
    return '';
  }

  // Read quietly: a missing table is reported by discovery, not on every poll
  const result = await readBoundedText(context.mountInfoPath, maxMountInfoBytes);
  if (!result.ok) {
    return 'unreadable';
  }
  return parseMountInfo(result.text)
    .entries.filter((entry) => types.has(entry.fsType))
    .map((entry) => `${entry.fsType} ${entry.source} ${entry.mountPoint}`)
    .join('\n');
}

/** The `reg query` output of every watched registry key. */
export async function registrySignature(
  context: SyncContext,
  providers: readonly SyncProvider[],
): Promise<string> {
  const keys = providers.flatMap((provider) => provider.watchedRegistryKeys?.(context) ?? []);
  const outputs = await Promise.all(keys.map((key) => context.queryRegistry(key)));
  return JSON.stringify(outputs);
}
