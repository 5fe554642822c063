import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

/** One file the workload wrote: where, how big, and when its last write was closed. */
export interface WrittenFile {
  path: string;
  sizeBytes: number;
  closedAt: number;
}

/** The shape of a copy. */
export interface CopyWorkloadOptions {
  root: string;
  /** Files written straight into the root. */
  flatFiles: number;
  /** Folders created during the copy, each filled at once with `filesPerFolder` files. */
  newFolders: number;
  filesPerFolder: number;
  /** Every n-th file is written in two halves with a pause between, like a slow stick. */
  slowEvery: number;
  slowPauseMs: number;
  fileBytes: number;
}

/**
 * Writes files as a copy would, stamping each file's close time. Some files land in folders
 * created a moment earlier (the case recursive watchers lose), and some pause mid-write (the case
 * watchers that guess at completion report too early).
 */
export async function runCopyWorkload(options: CopyWorkloadOptions): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  const payload = Buffer.alloc(options.fileBytes, 0x5a);
  let count = 0;

  const writeOne = async (path: string): Promise<void> => {
    count++;
    const slow = count % options.slowEvery === 0;
    const handle = await open(path, 'w');
    if (slow) {
      await handle.write(payload, 0, payload.length >> 1);
      await new Promise((resolve) => setTimeout(resolve, options.slowPauseMs));
      await handle.write(payload, payload.length >> 1);
    } else {
      await handle.write(payload);
    }
    await handle.close();
    written.push({
      path,
      sizeBytes: payload.length,
      closedAt: performance.timeOrigin + performance.now(),
    });
  };

  // Files into the root, then folders created during the copy
  for (let index = 0; index < options.flatFiles; index++) {
    await writeOne(join(options.root, `file-${index}.bin`));
  }
  for (let folder = 0; folder < options.newFolders; folder++) {
    const path = join(options.root, `folder-${folder}`, 'nested');
    await mkdir(path, { recursive: true });
    for (let index = 0; index < options.filesPerFolder; index++) {
      await writeOne(join(path, `file-${index}.bin`));
    }
  }
  return written;
}
