import {
  environmentValue,
  inHome,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';

/**
 * Apple iCloud Drive: a fixed folder on macOS and under the profile folder on Windows. iCloud is
 * a consumer service; managed Apple IDs cannot be told apart from local files.
 */
export const iCloudProvider: SyncProvider = {
  id: 'icloud',
  name: 'iCloud Drive',

  watchedPaths(context) {
    return candidateFolders(context);
  },

  discover(context) {
    // Existence is checked by the caller; every candidate is the root when it exists
    return Promise.resolve(
      candidateFolders(context).map((folder): SyncFolder => ({
        provider: 'icloud',
        path: folder.path,
        account: { type: 'personal', email: null, organisation: null },
        origin: 'probe',
        evidence: [`iCloud Drive folder ${folder.display}`],
      })),
    );
  },
};

function candidateFolders(context: SyncContext): WatchedPath[] {
  switch (context.platform) {
    case 'darwin':
      return [inHome(context, 'Library', 'Mobile Documents', 'com~apple~CloudDocs')];
    case 'win32': {
      // Builds differ on the space in the name
      const profile = environmentValue(context, 'USERPROFILE') ?? context.home;
      return ['iCloudDrive', 'iCloud Drive'].map((name) => ({
        path: context.path.join(profile, name),
        display: `%USERPROFILE%\\${name}`,
      }));
    }
    default:
      return [];
  }
}
