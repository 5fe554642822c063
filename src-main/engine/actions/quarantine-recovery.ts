import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type { Logger } from '../base/logger.ts';
import { entryIdPattern, incomingPrefix, originName, plainName } from './quarantine-layout.ts';
import { exists } from './quarantine-files.ts';

/**
 * Finishes what a crash interrupted in the quarantine at `folder`. A half-made entry either still
 * has its original at the destination (and is dropped) or holds the file it took off the
 * destination (which goes back where it came from). A complete entry loses the plain copy it may
 * still hold.
 */
export async function recoverQuarantine(folder: string, logger: Logger): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  for (const name of await readdir(folder)) {
    const entryFolder = join(folder, name);
    if (name.startsWith(incomingPrefix)) {
      await putBackTaken(folder, entryFolder, logger);
      logger.warn(`removed an entry left incomplete by a crash: ${name}`);
      await rm(entryFolder, { recursive: true, force: true });
    } else if (entryIdPattern.test(name)) {
      await rm(join(entryFolder, plainName), { force: true });
    }
  }
}

/** Puts back a file a crash left in a half-made entry; its origin was noted before it moved. */
async function putBackTaken(folder: string, incoming: string, logger: Logger): Promise<void> {
  const taken = join(incoming, plainName);
  if (!(await exists(taken))) {
    return;
  }
  const keepBeside = join(folder, `recovered-${basename(incoming)}`);
  try {
    const { originalPath } = JSON.parse(await readFile(join(incoming, originName), 'utf8')) as {
      originalPath: string;
    };
    const target = (await exists(originalPath))
      ? `${originalPath} (recovered by Copywarden)`
      : originalPath;
    await rename(taken, target).catch(async () => {
      // The destination is gone (a volume was unplugged): keep the file beside the quarantine.
      await rename(taken, keepBeside);
    });
    logger.warn(`put back ${target}, which a crash left half taken`);
  } catch (error) {
    await rename(taken, keepBeside);
    logger.warn('kept a half-taken file whose origin is unreadable', error);
  }
}
