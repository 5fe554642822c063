import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Lists the regular files below `directory` whose change time is at or after `sinceMs`, without
 * following symbolic links. Entries that vanish or cannot be read during the walk are skipped:
 * on a volume being copied to or unplugged that is normal.
 */
export async function scanTree(directory: string, sinceMs: number): Promise<string[]> {
  const files: string[] = [];
  const pending = [directory];

  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const entries = await readdir(next, { withFileTypes: true }).catch(() => [] as Dirent[]);

    for (const entry of entries) {
      const path = join(next, entry.name);
      if (entry.isDirectory()) {
        pending.push(path);
      } else if (entry.isFile() && (await changedSince(path, sinceMs))) {
        files.push(path);
      }
    }
  }
  return files;
}

async function changedSince(path: string, sinceMs: number): Promise<boolean> {
  const status = await lstat(path).catch(() => undefined);
  return status !== undefined && status.isFile() && status.ctimeMs >= sinceMs;
}
