import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type SyncProviderId,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, userProfile } from './sync-paths.ts';
import { exists, subfolders } from './sync-reads.ts';

/** Files and folders that sync clients keep in the root of each folder they sync. */
const markers: readonly { name: string; provider: SyncProviderId; what: string }[] = [
  { name: '.stfolder', provider: 'syncthing', what: 'Syncthing folder marker' },
  { name: '.debris', provider: 'mega', what: 'MEGA local rubbish folder' },
  { name: '.megaignore', provider: 'mega', what: 'MEGA ignore file' },
  { name: '.tresorit', provider: 'tresorit', what: 'Tresorit tresor folder' },
  { name: '.dropbox.cache', provider: 'dropbox', what: 'Dropbox cache folder' },
];

/**
 * Sync roots recognised by the marker their client keeps in them (`.stfolder`, `.debris`,
 * `.tresorit`, ...), for clients whose configuration is encrypted (MEGA, Tresorit) or was not
 * found. It looks one level down in the home folder, where such roots are made by default.
 *
 * Known gap: a marker that appears inside an existing folder changes that folder, not the home
 * folder that is polled, so it is seen at the next discovery another change causes. Watching
 * every home sub-folder would remove it, at the price of one more watched path per folder.
 */
export const markerScanProvider: SyncProvider = {
  id: 'folder-markers',
  name: 'sync folder markers',

  watchedPaths: (context) => scannedFolders(context),

  async discover(context) {
    const folders: SyncFolder[] = [];
    for (const parent of scannedFolders(context)) {
      for (const { folder } of await subfolders(context, parent)) {
        const marker = await findMarker(context, folder);
        if (marker !== null) {
          folders.push({
            provider: marker.provider,
            path: folder.path,
            account: cloudAccount('unknown'),
            evidence: [markerEvidence(context, folder, marker.name)],
            origin: 'marker',
          });
        }
      }
    }
    return folders;
  },
};

/** How a marker found in a folder is told, the same by every route that finds it. */
export function markerEvidence(context: SyncContext, folder: WatchedPath, name: string): string {
  const what = markers.find((marker) => marker.name === name)?.what ?? 'marker';
  return `${what} ${folder.display}${context.path.sep}${name}`;
}

/** The home folder, where clients make their default folders. */
function scannedFolders(context: SyncContext): WatchedPath[] {
  return [context.platform === 'win32' ? userProfile(context) : inHome(context)];
}

async function findMarker(
  context: SyncContext,
  folder: WatchedPath,
): Promise<(typeof markers)[number] | null> {
  for (const marker of markers) {
    if (await exists(context, context.path.join(folder.path, marker.name))) {
      return marker;
    }
  }
  return null;
}
