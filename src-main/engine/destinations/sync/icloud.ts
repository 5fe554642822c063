import { fileProviderDomainAttribute } from './mac-extended-attributes.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { inHome, userProfile } from './sync-paths.ts';

/** iCloud Drive's File Provider extension, as named in the domain attribute. */
const iCloudDomainPrefix = 'com.apple.CloudDocs.';

/**
 * Apple iCloud Drive: a fixed folder on macOS and under the profile folder on Windows. With
 * "Desktop & Documents Folders" on, macOS also syncs `~/Desktop` and `~/Documents`, which then
 * carry iCloud's File Provider domain attribute. iCloud is a consumer service; managed Apple IDs
 * cannot be told apart from local files.
 */
export const iCloudProvider: SyncProvider = {
  id: 'icloud',
  name: 'iCloud Drive',

  watchedPaths(context) {
    return candidateFolders(context);
  },

  async discover(context) {
    // Existence is checked by the caller; every candidate is the root when it exists
    const folders = candidateFolders(context).map((folder): SyncFolder => ({
      provider: 'icloud',
      path: folder.path,
      account: cloudAccount('personal'),
      origin: 'probe',
      evidence: [`iCloud Drive folder ${folder.display}`],
    }));

    if (context.platform === 'darwin') {
      folders.push(...(await syncedHomeFolders(context)));
    }
    return folders;
  },
};

function candidateFolders(context: SyncContext): WatchedPath[] {
  switch (context.platform) {
    case 'darwin':
      return [inHome(context, 'Library', 'Mobile Documents', 'com~apple~CloudDocs')];
    case 'win32': {
      // Builds differ on the space in the name
      const profile = userProfile(context);
      return ['iCloudDrive', 'iCloud Drive'].map((name) => ({
        path: context.path.join(profile.path, name),
        display: `${profile.display}\\${name}`,
      }));
    }
    default:
      return [];
  }
}

/** `~/Desktop` and `~/Documents` when their domain attribute names iCloud Drive. */
async function syncedHomeFolders(context: SyncContext): Promise<SyncFolder[]> {
  const folders: SyncFolder[] = [];

  for (const folder of [inHome(context, 'Desktop'), inHome(context, 'Documents')]) {
    const attribute = await context.readExtendedAttribute(folder.path, fileProviderDomainAttribute);
    if (attribute.state === 'present' && attribute.value.startsWith(iCloudDomainPrefix)) {
      folders.push({
        provider: 'icloud',
        path: folder.path,
        account: cloudAccount('personal'),
        origin: 'config',
        evidence: [`${folder.display} synced by iCloud Drive (domain "${attribute.value}")`],
      });
    }
  }

  return folders;
}
