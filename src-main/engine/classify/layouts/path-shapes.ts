import type { LayoutMatch } from './layout-rules.ts';

/** A layout told from the shape of one file's path, before the layout's marker files exist. */
export interface ShapeMatch extends LayoutMatch {
  /** How many folders above the file the layout's root is: 1 is the file's own folder. */
  levelsUp: number;
}

const sha256Name = /^[0-9a-f]{64}$/;
const sha1Name = /^[0-9a-f]{40}$/;

/** An iOS backup folder: a 40-hex UDID or the newer 8-16 form, optionally with a date suffix. */
const iosDeviceFolder = /^([0-9a-f]{40}|[0-9a-f]{8}-[0-9a-f]{16})(-\d{8}-\d{6})?$/i;

/** restic folders that hold files named by their SHA-256 directly (restic design document). */
const resticFlatFolders = ['index', 'snapshots', 'keys'];

/**
 * Recognises a file whose path has the shape of a repository's data, given the names from some
 * ancestor down to the file (`[..., 'data', '3f', '3f…']`). Copies write data files long before
 * the marker files, or without them, so the shape is the first evidence.
 *
 * - restic: `data/<2 hex>/<64 hex>` whose name starts with its folder's, or `index/<64 hex>`,
 *   `snapshots/<64 hex>`, `keys/<64 hex>`.
 * - iOS backup: `<device id>/<2 hex>/<40 hex>` whose name starts with its folder's.
 */
export function matchPathShape(names: readonly string[]): ShapeMatch | null {
  const fileName = names.at(-1);
  const parent = names.at(-2);
  const grandparent = names.at(-3);
  if (fileName === undefined || parent === undefined) {
    return null;
  }

  // restic
  if (sha256Name.test(fileName)) {
    if (parent === fileName.slice(0, 2) && grandparent === 'data') {
      return resticShape(3, 'data/<2 hex>/<64 hex>');
    }
    if (resticFlatFolders.includes(parent)) {
      return resticShape(2, `${parent}/<64 hex>`);
    }
  }

  // iOS
  if (sha1Name.test(fileName) && parent === fileName.slice(0, 2)) {
    if (grandparent !== undefined && iosDeviceFolder.test(grandparent)) {
      return {
        format: 'ios-backup',
        category: 'device-backup',
        confidence: 'medium',
        reasons: ['path shaped like an iOS backup: <device id>/<2 hex>/<40 hex>'],
        levelsUp: 2,
      };
    }
  }
  return null;
}

function resticShape(levelsUp: number, shape: string): ShapeMatch {
  return {
    format: 'restic-repository',
    category: 'system-image',
    confidence: 'medium',
    reasons: [`path shaped like a restic repository: ${shape}`],
    levelsUp,
  };
}
