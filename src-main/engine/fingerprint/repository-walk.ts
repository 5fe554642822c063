import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { onFileSystemError } from '../classify/folders/fs-errors.ts';

/** Bounds on walking a repository. */
export interface RepositoryWalkLimits {
  /** Files visited at most; a larger repository is inventoried in part, with a warning. */
  maxFiles: number;
  /** Folder levels descended at most. */
  maxDepth: number;
}

/** How a walk ended. */
export interface RepositoryWalkEnd {
  files: number;
  /** True when a limit stopped the walk before every file was visited. */
  truncated: boolean;
  /** True when the signal stopped the walk. */
  aborted: boolean;
}

/**
 * Visits every regular file under `root` depth first, by its path relative to the root, without
 * following symbolic links. Folders that vanish or cannot be read are skipped.
 */
export async function walkRepositoryFiles(
  root: string,
  limits: RepositoryWalkLimits,
  visit: (relativePath: string) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<RepositoryWalkEnd> {
  const pending: { relativePath: string; depth: number }[] = [{ relativePath: '', depth: 0 }];
  const end: RepositoryWalkEnd = { files: 0, truncated: false, aborted: false };

  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    try {
      const directory = await opendir(join(root, folder.relativePath));
      for await (const entry of directory) {
        // Stop when asked or when the budget is spent
        if (signal?.aborted === true) {
          return { ...end, aborted: true };
        }
        const relativePath =
          folder.relativePath === '' ? entry.name : join(folder.relativePath, entry.name);
        if (entry.isDirectory() && folder.depth < limits.maxDepth) {
          pending.push({ relativePath, depth: folder.depth + 1 });
        } else if (entry.isDirectory()) {
          end.truncated = true;
        } else if (entry.isFile()) {
          if (end.files >= limits.maxFiles) {
            return { ...end, truncated: true };
          }
          end.files++;
          await visit(relativePath);
        }
      }
    } catch (error) {
      onFileSystemError(error, null);
    }
  }
  return end;
}
