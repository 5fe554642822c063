import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { LayoutMatch } from '../layouts/layout-rules.ts';
import { matchLayout } from '../layouts/layout-rules.ts';
import { matchPathShape } from '../layouts/path-shapes.ts';
import type { ProbedFolder } from './folder-probe.ts';
import { defaultMaxListedNames, folderFacts, probeFolder } from './folder-probe.ts';
import type { LayoutProbeCache } from './layout-probe-cache.ts';

/** A folder that is one backup, found above a file. */
export interface LayoutRoot extends LayoutMatch {
  /** The folder's absolute path. */
  path: string;
}

/**
 * Finds the nearest folder above `filePath`, up to and including `stopAtRoot`, that is a backup
 * layout (a restic repository, an iOS backup, a WindowsImageBackup tree...). Null when there is
 * none, or when the file is not under `stopAtRoot`.
 *
 * Cheap: the file's path shape is tested first, without I/O (a restic `data/3f/3f…` file, an iOS
 * `<device>/3f/3f…` file, which arrive long before their marker files); then each ancestor costs
 * a few stats (see `probeFolder`), remembered in `cache` when given. Never throws for file-system
 * conditions: a vanished folder is no layout.
 */
export async function findLayoutRoot(
  filePath: string,
  stopAtRoot: string,
  cache?: LayoutProbeCache,
): Promise<LayoutRoot | null> {
  const file = resolve(filePath);
  const root = resolve(stopAtRoot);
  const names = relative(root, file).split(sep);
  if (!isUnder(file, root)) {
    return null;
  }

  // The path's shape, confirmed by markers when they are there already
  const shape = matchPathShape(names);
  if (shape !== null && shape.levelsUp <= names.length) {
    const shapeRoot = ancestor(file, shape.levelsUp);
    const confirmed = await probeLayout(shapeRoot, [], cache);
    return { path: shapeRoot, ...(confirmed ?? shape) };
  }

  // Each ancestor in turn, nearest first
  let child = basename(file);
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    const match = await probeLayout(folder, [child], cache);
    if (match !== null) {
      return { path: folder, ...match };
    }
    if (folder === root || dirname(folder) === folder) {
      return null;
    }
    child = basename(folder);
  }
}

/** Probes one folder (through the cache) and matches the layout rules. */
async function probeLayout(
  folder: string,
  knownNames: readonly string[],
  cache: LayoutProbeCache | undefined,
): Promise<LayoutMatch | null> {
  let probed: ProbedFolder | undefined = cache?.get(folder);
  if (probed === undefined) {
    probed = await probeFolder(folder, basename(folder), {
      listAlways: false,
      maxListedNames: defaultMaxListedNames,
    });
    cache?.set(folder, probed);
  }
  return matchLayout(folderFacts(probed, knownNames));
}

function isUnder(file: string, root: string): boolean {
  const path = relative(root, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

function ancestor(file: string, levelsUp: number): string {
  return join(file, ...Array.from({ length: levelsUp }, () => '..'));
}
