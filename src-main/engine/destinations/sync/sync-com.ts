import {
  cloudAccount,
  type SyncContext,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, under, userProfile } from './sync-paths.ts';

/**
 * Sync.com: the client syncs one fixed folder, `%USERPROFILE%\Sync` on Windows (documented by
 * public detectors) and `~/Sync` on macOS (the same default, not verified). Its config files are
 * not documented, so the account is unknown. Syncthing's default folder has the same name; a
 * Syncthing config or `.stfolder` marker naming it overrules this guess.
 */
export const syncComProvider: SyncProvider = {
  id: 'sync-com',
  name: 'Sync.com',

  watchedPaths: (context) => candidateFolders(context),

  discover(context) {
    return Promise.resolve(
      candidateFolders(context).map((folder) => ({
        provider: 'sync-com',
        path: folder.path,
        account: cloudAccount('unknown'),
        origin: 'probe' as const,
        evidence: [`default Sync.com folder ${folder.display}`],
      })),
    );
  },
};

function candidateFolders(context: SyncContext): WatchedPath[] {
  switch (context.platform) {
    case 'win32':
      return [under(userProfile(context), context, 'Sync')];
    case 'darwin':
      return [inHome(context, 'Sync')];
    default:
      return [];
  }
}
