import { opendir } from 'node:fs/promises';
import { onFileSystemError } from './fs-errors.ts';

/** Up to `maxNames` child names of a folder; the names read so far when it cannot be read. */
export async function listNames(folder: string, maxNames: number): Promise<string[]> {
  const names: string[] = [];
  try {
    const directory = await opendir(folder);
    for await (const entry of directory) {
      if (names.length >= maxNames) {
        break;
      }
      names.push(entry.name);
    }
  } catch (error) {
    return onFileSystemError(error, names);
  }
  return names;
}
