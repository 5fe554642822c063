import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { OwnWrites } from './own-writes.ts';
import type { QuarantineEntry } from './quarantine-entry.ts';

/** The note's name beside the blocked file's: `server.vhdx - blocked by Copywarden.txt`. */
export function placeholderPath(originalPath: string): string {
  return `${originalPath} - blocked by Copywarden.txt`;
}

/**
 * Leaves a short note where a blocked file was, so that whoever looks for it learns what
 * happened and whom to ask. A failure to write it is not an error of the block itself.
 */
export async function writePlaceholder(
  entry: QuarantineEntry,
  contact: string,
  ownWrites: OwnWrites,
): Promise<void> {
  const path = placeholderPath(entry.originalPath);
  const text = [
    `${basename(entry.originalPath)} was moved into quarantine by Copywarden on ${entry.heldAt}.`,
    '',
    `Why: ${entry.reason}.`,
    `Reference: ${entry.id}`,
    '',
    `Nothing was deleted. If you need this file here for your work, ask ${contact} and give them the reference above.`,
    '',
  ].join('\n');

  ownWrites.addFile(path);
  await writeFile(path, text, { flag: 'wx' }).catch(() => undefined);
}
