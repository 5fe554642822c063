import type { AccountType } from '../destination.ts';
import { cloudAccount, type SyncContext, type SyncFolder } from './sync-context.ts';
import { environmentValue, folderPathFromConfig } from './sync-paths.ts';
import {
  parseRegQueryOutput,
  registryValue,
  relativeKeyPath,
  type RegistryKey,
} from './windows-registry.ts';

/** The OneDrive client's per-account keys: `Personal` and `Business1` to `Business9`. */
export const oneDriveAccountsKey = 'HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts';

/** The sync engine's per-library keys, with each library's SharePoint or OneDrive URL. */
export const syncEngineLibrariesKey =
  'HKEY_CURRENT_USER\\Software\\SyncEngines\\Providers\\OneDrive';

/** Environment variables the Windows client sets, with the account each one names. */
const environmentAccounts: { name: string; type: AccountType }[] = [
  { name: 'OneDriveConsumer', type: 'personal' },
  { name: 'OneDriveCommercial', type: 'business' },
  { name: 'OneDrive', type: 'unknown' },
];

/** The accounts' registry keys, the synced libraries, then the environment as a fallback. */
export async function discoverOneDriveOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  const accounts = await context.queryRegistry(oneDriveAccountsKey);
  const libraries = await context.queryRegistry(syncEngineLibrariesKey);
  const folders = [
    ...(accounts === null ? [] : parseOneDriveAccounts(accounts, context)),
    ...(libraries === null ? [] : parseSyncEngineLibraries(libraries, context)),
  ];

  for (const { name, type } of environmentAccounts) {
    const path = environmentValue(context, name);
    if (path !== null) {
      folders.push({
        provider: 'onedrive',
        path: context.path.normalize(path),
        account: cloudAccount(type),
        origin: 'config',
        evidence: [`environment variable %${name}%`],
      });
    }
  }
  return folders;
}

/**
 * Reads `reg query <Accounts key> /s` output: each account's `UserFolder` with its e-mail, its
 * tenant's name (`DisplayName`) and id (`ConfiguredTenantId`), and the synced SharePoint
 * libraries listed as value names under its `Tenants\<Tenant>` keys.
 */
export function parseOneDriveAccounts(output: string, context: SyncContext): SyncFolder[] {
  const keys = parseRegQueryOutput(output);
  const folders: SyncFolder[] = [];

  for (const key of keys) {
    const [accountName, child, tenantName] =
      relativeKeyPath(key, oneDriveAccountsKey)?.split('\\') ?? [];
    if (accountName === undefined) {
      continue;
    }
    const accountKey = keys.find(
      (candidate) =>
        relativeKeyPath(candidate, oneDriveAccountsKey)?.toLowerCase() ===
        accountName.toLowerCase(),
    );
    const account = accountKey === undefined ? null : describeAccount(accountName, accountKey);

    // The account's own root
    const userFolder = child === undefined ? registryValue(key, 'UserFolder') : null;
    if (userFolder !== null && account !== null) {
      folders.push(
        ...oneDriveFolder(
          context,
          userFolder,
          account,
          `registry OneDrive\\Accounts: ${account.details}`,
        ),
      );
    }

    // Synced libraries of a tenant: each value name is a local folder
    if (child?.toLowerCase() === 'tenants' && tenantName !== undefined && account !== null) {
      for (const value of key.values) {
        const libraryAccount = { ...account, organisation: tenantName, type: 'business' as const };
        const evidence = `registry OneDrive\\Accounts\\${accountName}\\Tenants\\${tenantName}: synced library`;
        folders.push(...oneDriveFolder(context, value.name, libraryAccount, evidence));
      }
    }
  }

  return folders;
}

interface AccountDescription {
  type: AccountType;
  email: string | null;
  organisation: string | null;
  organisationId: string | null;
  details: string;
}

function describeAccount(accountName: string, key: RegistryKey): AccountDescription {
  const type: AccountType = /^personal$/i.test(accountName)
    ? 'personal'
    : /^business\d+$/i.test(accountName)
      ? 'business'
      : 'unknown';
  const email = registryValue(key, 'UserEmail');
  const tenantId = registryValue(key, 'ConfiguredTenantId');
  const organisation = type === 'business' ? (registryValue(key, 'DisplayName') ?? tenantId) : null;
  const details = [
    accountName,
    email === null ? null : `email ${email}`,
    tenantId === null ? null : `tenant ${tenantId}`,
  ];
  return {
    type,
    email,
    organisation,
    organisationId: type === 'business' ? tenantId : null,
    details: details.filter((detail) => detail !== null).join(', '),
  };
}

function oneDriveFolder(
  context: SyncContext,
  value: string,
  account: Omit<AccountDescription, 'details'>,
  evidence: string,
): SyncFolder[] {
  const path = folderPathFromConfig(context, value);
  if (path === null) {
    return [];
  }
  return [
    {
      provider: 'onedrive',
      path,
      account: cloudAccount(account.type, account),
      origin: 'config',
      evidence: [evidence],
    },
  ];
}

/**
 * Reads `reg query <SyncEngines\Providers\OneDrive> /s`: each library's `MountPoint` and
 * `UrlNamespace`. A `d.docs.live.net` URL is a personal account; a SharePoint host
 * (`contoso.sharepoint.com`, `contoso-my.sharepoint.com`) is a business one, named by its host.
 */
export function parseSyncEngineLibraries(output: string, context: SyncContext): SyncFolder[] {
  return parseRegQueryOutput(output).flatMap((key) => {
    const mountPoint = registryValue(key, 'MountPoint');
    const path = mountPoint === null ? null : folderPathFromConfig(context, mountPoint);
    if (path === null) {
      return [];
    }

    const url = registryValue(key, 'UrlNamespace') ?? '';
    const host = /^https?:\/\/([^/]+)/i.exec(url)?.[1]?.toLowerCase() ?? null;
    const type: AccountType =
      host === 'd.docs.live.net'
        ? 'personal'
        : host?.endsWith('.sharepoint.com') === true
          ? 'business'
          : 'unknown';
    const libraryType = registryValue(key, 'LibraryType');
    return [
      {
        provider: 'onedrive',
        path,
        account: cloudAccount(type, { organisation: type === 'business' ? host : null }),
        origin: 'config',
        evidence: [
          `registry SyncEngines\\Providers\\OneDrive: ${url}${libraryType === null ? '' : ` (${libraryType})`}`,
        ],
      },
    ];
  });
}
