import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file name of the Linux watcher helper built by native/build.ts. */
export const linuxWatchHelperName = 'copywarden-watch';

/** How many folders up from this module the search for native/build goes. */
const maxSearchDepth = 6;

/**
 * Finds the built Linux watcher helper: `COPYWARDEN_WATCH_HELPER` when set, the packaged
 * application's resources, or `native/build/` of the checkout this module runs from. Returns
 * undefined when no executable helper exists.
 */
export function linuxWatchHelperPath(): string | undefined {
  return helperCandidates().find(isExecutable);
}

function helperCandidates(): string[] {
  const candidates: string[] = [];

  // An explicit override, then a packaged Electron application
  const override = process.env['COPYWARDEN_WATCH_HELPER'];
  if (override !== undefined && override !== '') {
    candidates.push(override);
  }
  const { resourcesPath } = process as { resourcesPath?: string };
  if (resourcesPath !== undefined) {
    candidates.push(join(resourcesPath, linuxWatchHelperName));
  }

  // A checkout, run from sources or from a build output folder
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < maxSearchDepth; depth++) {
    candidates.push(join(directory, 'native', 'build', linuxWatchHelperName));
    directory = dirname(directory);
  }
  return candidates;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
