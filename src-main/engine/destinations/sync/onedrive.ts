import { discoverOneDriveOnLinux, defaultOneDriveConfigPaths } from './onedrive-linux.ts';
import {
  discoverOneDriveOnWindows,
  oneDriveAccountsKey,
  syncEngineLibrariesKey,
} from './onedrive-windows.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { cloudStorageFolder } from './sync-paths.ts';
import { cloudStorageEntries } from './sync-reads.ts';

export { oneDriveAccountsKey, parseOneDriveAccounts } from './onedrive-windows.ts';
export { parseOneDriveConfig } from './onedrive-linux.ts';

/**
 * Microsoft OneDrive, personal and each work or school tenant apart: the account registry keys,
 * synced libraries and environment on Windows, the File Provider folders on macOS, and the
 * config of the third-party `onedrive` client on Linux.
 */
export const oneDriveProvider: SyncProvider = {
  id: 'onedrive',
  name: 'OneDrive',

  watchedPaths(context) {
    switch (context.platform) {
      case 'darwin':
        return [cloudStorageFolder(context)];
      case 'linux':
        return defaultOneDriveConfigPaths(context);
      default:
        return [];
    }
  },

  watchedRegistryKeys: (context) =>
    context.platform === 'win32' ? [oneDriveAccountsKey, syncEngineLibrariesKey] : [],

  async discover(context) {
    switch (context.platform) {
      case 'win32':
        return discoverOneDriveOnWindows(context);
      case 'darwin':
        return discoverOnMac(context);
      case 'linux':
        return discoverOneDriveOnLinux(context);
      default:
        return [];
    }
  },
};

/**
 * `OneDrive-Personal`, `OneDrive-<Tenant>` and `OneDrive-SharedLibraries-<Tenant>` folders. The
 * tenant is its display name with spaces removed, not its id: approvals by tenant name are the
 * weaker form on macOS.
 */
async function discoverOnMac(context: SyncContext): Promise<SyncFolder[]> {
  const entries = await cloudStorageEntries(context, 'OneDrive-');
  const suffixes = new Set(entries.map(({ name }) => name.slice('OneDrive-'.length)));

  return entries.map(({ name, folder }) => {
    const suffix = name.slice('OneDrive-'.length);
    const isPersonal = suffix === 'Personal';
    const tenant = isPersonal ? null : libraryTenant(suffix, suffixes);
    return {
      provider: 'onedrive',
      path: folder.path,
      account: cloudAccount(isPersonal ? 'personal' : 'business', { organisation: tenant }),
      origin: 'probe',
      evidence: [
        `File Provider folder ${folder.display}: ${isPersonal ? 'personal' : `tenant "${tenant ?? ''}"`}`,
      ],
    } satisfies SyncFolder;
  });
}

/**
 * The tenant of a folder suffix. Shared-library folders put a localised word first
 * (`SharedLibraries-Contoso`, `Bibliothèquespartagées-Contoso`): the part after the first dash
 * is the tenant when it is `SharedLibraries` or when the tenant's own folder exists.
 */
function libraryTenant(suffix: string, suffixes: ReadonlySet<string>): string {
  const dash = suffix.indexOf('-');
  const rest = suffix.slice(dash + 1);
  if (dash > 0 && (suffix.startsWith('SharedLibraries-') || suffixes.has(rest))) {
    return rest;
  }
  return suffix;
}
