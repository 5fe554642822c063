import type { AccountType } from '../destination.ts';
import { providerFromName, providerSlug } from './provider-names.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { folderPathFromConfig } from './sync-paths.ts';
import { parseRegQueryOutput, registryValue, relativeKeyPath } from './windows-registry.ts';

/** Where Windows registers the sync roots of every Cloud Files API client, for all users. */
export const syncRootManagerKey =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\SyncRootManager';

/**
 * Windows sync roots registered with the Cloud Files API: each registration's `UserSyncRoots`
 * key maps user SIDs to local folders. This finds any files-on-demand client (OneDrive, Dropbox,
 * iCloud, Box, Nextcloud with virtual files, ...) without knowing the product. Older clients that
 * do not use the API (Syncthing, rclone, Sync.com) are not registered here.
 */
export const windowsSyncRootsProvider: SyncProvider = {
  id: 'windows-sync-roots',
  name: 'Windows sync roots',

  watchedPaths: () => [],

  watchedRegistryKeys: (context) => (context.platform === 'win32' ? [syncRootManagerKey] : []),

  async discover(context) {
    if (context.platform !== 'win32') {
      return [];
    }
    const output = await context.queryRegistry(syncRootManagerKey);
    if (output === null) {
      return [];
    }
    return parseSyncRoots(output, await context.currentUserSid(), context);
  },
};

/**
 * Reads `reg query <SyncRootManager> /s` output. With a known SID only that user's roots are
 * taken; without one (the SID could not be read) every user's are, and the evidence says so.
 */
export function parseSyncRoots(
  output: string,
  userSid: string | null,
  context: SyncContext,
): SyncFolder[] {
  const keys = parseRegQueryOutput(output);
  const folders: SyncFolder[] = [];

  for (const key of keys) {
    // Only the UserSyncRoots key of each registration
    const relative = relativeKeyPath(key, syncRootManagerKey);
    const [syncRootId, child] = relative?.split('\\') ?? [];
    if (syncRootId === undefined || child?.toLowerCase() !== 'usersyncroots') {
      continue;
    }
    const registration = keys.find(
      (candidate) =>
        relativeKeyPath(candidate, syncRootManagerKey)?.toLowerCase() === syncRootId.toLowerCase(),
    );
    const displayName =
      registration === undefined ? null : registryValue(registration, 'DisplayNameResource');

    // One folder per user value
    for (const value of key.values) {
      if (userSid !== null && value.name.toLowerCase() !== userSid.toLowerCase()) {
        continue;
      }
      const path = folderPathFromConfig(context, value.data);
      if (path === null) {
        context.logger.warn(
          `Ignoring sync root ${syncRootId}: "${value.data}" is not an absolute path`,
        );
        continue;
      }
      folders.push(
        syncRootFolder(syncRootId, displayName, path, userSid === null ? value.name : null),
      );
    }
  }

  return folders;
}

/** `<Provider>!<SID>!<AccountId>`: the provider before the first `!`, the account after the second. */
function syncRootFolder(
  syncRootId: string,
  displayName: string | null,
  path: string,
  otherUserSid: string | null,
): SyncFolder {
  const [productName = syncRootId, , accountId = ''] = syncRootId.split('!');
  const provider = providerFromName(productName);
  const type = accountTypeFromAccountId(provider, accountId);

  // OneDrive work accounts show the tenant in the display name: `OneDrive - Contoso`
  const tenant = type === 'business' ? (/ - (.+)$/.exec(displayName ?? '')?.[1] ?? null) : null;
  const evidence = [
    `registry SyncRootManager: ${syncRootId}${displayName === null ? '' : ` "${displayName}"`}`,
  ];
  if (otherUserSid !== null) {
    evidence.push(`registered for ${otherUserSid} (the current user's SID is unknown)`);
  }

  return {
    provider: provider ?? providerSlug(productName),
    ...(provider === null && { productName }),
    path,
    account: cloudAccount(type, { organisation: tenant }),
    evidence,
    origin: 'config',
  };
}

/** OneDrive's account part starts with `Personal` or `Business<N>`. */
function accountTypeFromAccountId(provider: string | null, accountId: string): AccountType {
  if (provider !== 'onedrive') {
    return 'unknown';
  }
  if (/^personal/i.test(accountId)) {
    return 'personal';
  }
  return /^business\d*/i.test(accountId) ? 'business' : 'unknown';
}
