import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, under, userProfile } from './sync-paths.ts';
import { exists, subfolders } from './sync-reads.ts';

/** The hidden folder Tresorit keeps in every synced folder (tresor). */
const tresorMarker = '.tresorit';

/**
 * Tresorit: its profiles, which list the synced folders, are encrypted, so tresors are found by
 * the `.tresorit` folder each one holds, in the default `Tresorit` folder that lists them all.
 * Tresors synced elsewhere are found by the home-folder marker scan one level deep only.
 * Tresorit is mostly sold to businesses, but the subscription is not readable locally.
 */
export const tresoritProvider: SyncProvider = {
  id: 'tresorit',
  name: 'Tresorit',

  watchedPaths: (context) => [defaultFolder(context)],

  async discover(context) {
    const parent = defaultFolder(context);
    const folders: SyncFolder[] = [];

    for (const { folder } of await subfolders(context, parent)) {
      if (await exists(context, context.path.join(folder.path, tresorMarker))) {
        folders.push({
          provider: 'tresorit',
          path: folder.path,
          account: cloudAccount('unknown'),
          origin: 'marker',
          evidence: [`Tresorit tresor folder ${folder.display}${context.path.sep}${tresorMarker}`],
        });
      }
    }
    return folders;
  },
};

function defaultFolder(context: SyncContext): WatchedPath {
  return context.platform === 'win32'
    ? under(userProfile(context), context, 'Tresorit')
    : inHome(context, 'Tresorit');
}
