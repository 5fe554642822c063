import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, localAppData, macApplicationSupport, under, userProfile } from './sync-paths.ts';
import { markerEvidence } from './marker-scan.ts';
import { exists } from './sync-reads.ts';

/** The markers MEGA keeps in each sync root: its local rubbish folder and its ignore file. */
const megaMarkers = ['.debris', '.megaignore'];

/**
 * MEGA (MEGAsync, MEGA Desktop App). Its settings file encrypts every value, so sync folders
 * cannot be read from it: they are found by the markers MEGA keeps in each root (`.debris`,
 * `.megaignore`), here in the default folders, elsewhere by the home-folder marker scan, and on
 * Windows by the Explorer navigation-pane entry `MEGA`. The settings file is watched so that a
 * first sign-in triggers discovery. The account cannot be read locally.
 */
export const megaProvider: SyncProvider = {
  id: 'mega',
  name: 'MEGA',

  watchedPaths: (context) => [settingsFile(context), ...defaultFolders(context)],

  async discover(context) {
    const installed = await exists(context, settingsFile(context).path);
    const folders: SyncFolder[] = [];

    for (const folder of defaultFolders(context)) {
      const marker = await firstMarker(context, folder);
      if (marker === null && !installed) {
        continue;
      }
      const evidence =
        marker === null
          ? `default MEGA folder ${folder.display} (MEGA is set up: ${settingsFile(context).display})`
          : markerEvidence(context, folder, marker);
      folders.push({
        provider: 'mega',
        path: folder.path,
        account: cloudAccount('unknown'),
        evidence: [evidence],
        origin: marker === null ? 'probe' : 'marker',
      });
    }
    return folders;
  },
};

/** `MEGAsync.cfg` in the client's Qt data folder. */
function settingsFile(context: SyncContext): WatchedPath {
  switch (context.platform) {
    case 'win32':
      return under(localAppData(context), context, 'Mega Limited', 'MEGAsync', 'MEGAsync.cfg');
    case 'darwin':
      // The macOS data folder is not verified; this is Qt's default for the organisation name
      return under(
        macApplicationSupport(context),
        context,
        'Mega Limited',
        'MEGAsync',
        'MEGAsync.cfg',
      );
    default:
      return inHome(context, '.local', 'share', 'data', 'Mega Limited', 'MEGAsync', 'MEGAsync.cfg');
  }
}

/** `~/MEGA`, and `~/MEGAsync` of older clients (default names, not verified). */
function defaultFolders(context: SyncContext): WatchedPath[] {
  const home = context.platform === 'win32' ? userProfile(context) : inHome(context);
  return ['MEGA', 'MEGAsync'].map((name) => under(home, context, name));
}

async function firstMarker(context: SyncContext, folder: WatchedPath): Promise<string | null> {
  for (const marker of megaMarkers) {
    if (await exists(context, context.path.join(folder.path, marker))) {
      return marker;
    }
  }
  return null;
}
