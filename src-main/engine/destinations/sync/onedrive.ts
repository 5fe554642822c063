import type { AccountType } from '../destination.ts';
import {
  cloudStorageEntries,
  cloudStorageFolder,
  environmentValue,
  inHome,
  isDirectory,
  readConfigText,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { parseRegQueryOutput, registryValue, relativeKeyPath } from './windows-registry.ts';

/** The OneDrive client's per-account keys: `Personal` and `Business1` to `Business9`. */
export const oneDriveAccountsKey = 'HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts';

/** Environment variables the Windows client sets, with the account each one names. */
const environmentAccounts: { name: string; type: AccountType }[] = [
  { name: 'OneDriveConsumer', type: 'personal' },
  { name: 'OneDriveCommercial', type: 'business' },
  { name: 'OneDrive', type: 'unknown' },
];

/**
 * Microsoft OneDrive: the account registry keys and environment on Windows, the File Provider
 * folders on macOS, and the config of the third-party `onedrive` client on Linux.
 */
export const oneDriveProvider: SyncProvider = {
  id: 'onedrive',
  name: 'OneDrive',

  watchedPaths(context) {
    switch (context.platform) {
      case 'darwin':
        return [cloudStorageFolder(context)];
      case 'linux': {
        const folder = linuxConfigFolder(context);
        return [folder, linuxConfigFile(context, folder)];
      }
      default:
        return [];
    }
  },

  async discover(context) {
    switch (context.platform) {
      case 'win32':
        return discoverOnWindows(context);
      case 'darwin':
        return discoverOnMac(context);
      case 'linux':
        return discoverOnLinux(context);
      default:
        return [];
    }
  },
};

async function discoverOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  // Accounts from the registry
  const output = await context.queryRegistry(oneDriveAccountsKey);
  const folders = output === null ? [] : parseOneDriveAccounts(output, context);

  // The environment, for roots the registry did not name
  for (const { name, type } of environmentAccounts) {
    const path = environmentValue(context, name);
    const known = folders.some((folder) => samePath(folder.path, path ?? '', context));
    if (path !== null && !known) {
      folders.push({
        provider: 'onedrive',
        path: context.path.normalize(path),
        account: { type, email: null, organisation: null },
        origin: 'config',
        evidence: [`environment variable %${name}%`],
      });
    }
  }

  return folders;
}

/**
 * Reads the accounts from `reg query <Accounts key> /s` output: each account's `UserFolder`, and
 * the synced SharePoint libraries listed as value names under its `Tenants\<Tenant>` keys.
 */
export function parseOneDriveAccounts(output: string, context: SyncContext): SyncFolder[] {
  const keys = parseRegQueryOutput(output);
  const folders: SyncFolder[] = [];

  for (const key of keys) {
    const relative = relativeKeyPath(key, oneDriveAccountsKey);
    if (relative === null) {
      continue;
    }
    const [accountName, child, tenantName] = relative.split('\\');
    if (accountName === undefined) {
      continue;
    }
    const type = accountTypeFromKeyName(accountName);
    const accountKey = keys.find((candidate) =>
      candidate.path.toLowerCase().endsWith(`\\accounts\\${accountName.toLowerCase()}`),
    );

    // The account's own root
    if (child === undefined) {
      const userFolder = registryValue(key, 'UserFolder');
      if (userFolder === null) {
        continue;
      }
      const email = registryValue(key, 'UserEmail');
      const tenantId = registryValue(key, 'ConfiguredTenantId');
      const organisation =
        type === 'business' ? (registryValue(key, 'DisplayName') ?? tenantId) : null;
      const details = [
        accountName,
        email === null ? null : `email ${email}`,
        tenantId === null ? null : `tenant ${tenantId}`,
      ];
      folders.push({
        provider: 'onedrive',
        path: context.path.normalize(userFolder),
        account: { type, email, organisation },
        origin: 'config',
        evidence: [
          `registry OneDrive\\Accounts: ${details.filter((detail) => detail !== null).join(', ')}`,
        ],
      });
      continue;
    }

    // Synced libraries of a tenant: each value name is a local folder
    if (child.toLowerCase() === 'tenants' && tenantName !== undefined) {
      const email = accountKey === undefined ? null : registryValue(accountKey, 'UserEmail');
      for (const value of key.values) {
        if (context.path.isAbsolute(value.name)) {
          folders.push({
            provider: 'onedrive',
            path: context.path.normalize(value.name),
            account: { type: 'business', email, organisation: tenantName },
            origin: 'config',
            evidence: [
              `registry OneDrive\\Accounts\\${accountName}\\Tenants\\${tenantName}: synced library`,
            ],
          });
        }
      }
    }
  }

  return folders;
}

function accountTypeFromKeyName(name: string): AccountType {
  if (name.toLowerCase() === 'personal') {
    return 'personal';
  }
  return /^business\d+$/i.test(name) ? 'business' : 'unknown';
}

/** `OneDrive-Personal`, `OneDrive-<Tenant>` and `OneDrive-SharedLibraries-<Tenant>` folders. */
async function discoverOnMac(context: SyncContext): Promise<SyncFolder[]> {
  const entries = await cloudStorageEntries(context, 'OneDrive-');

  return entries.map(({ name, folder }) => {
    const suffix = name.slice('OneDrive-'.length);
    const isPersonal = suffix === 'Personal';
    const libraries = /^SharedLibraries-(.+)$/.exec(suffix);
    const tenant = isPersonal ? null : (libraries?.[1] ?? suffix);
    return {
      provider: 'onedrive' as const,
      path: folder.path,
      account: { type: isPersonal ? 'personal' : 'business', email: null, organisation: tenant },
      origin: 'probe',
      evidence: [
        `File Provider folder ${folder.display}: ${isPersonal ? 'personal' : `tenant "${tenant ?? ''}"`}`,
      ],
    } satisfies SyncFolder;
  });
}

/**
 * The third-party `onedrive` client: its config folder exists once it is set up; `sync_dir` in
 * its `config` names the folder, `~/OneDrive` by default. `drive_id` marks a SharePoint library.
 */
async function discoverOnLinux(context: SyncContext): Promise<SyncFolder[]> {
  const configFolder = linuxConfigFolder(context);
  const configFile = linuxConfigFile(context, configFolder);

  // Without a config file the client still runs with its defaults, if it was ever set up
  const text = await readConfigText(context, configFile);
  const settings = text === null ? new Map<string, string>() : parseOneDriveConfig(text);
  if (text === null && !(await isSetUp(context, configFolder))) {
    return [];
  }

  // The sync folder, with ~ expanded
  const syncDir = settings.get('sync_dir') ?? '~/OneDrive';
  const path =
    syncDir === '~' || syncDir.startsWith('~/')
      ? context.path.join(context.home, syncDir.slice(1))
      : syncDir;
  const isLibrary = settings.has('drive_id');

  return [
    {
      provider: 'onedrive',
      path: context.path.normalize(path),
      account: { type: isLibrary ? 'business' : 'unknown', email: null, organisation: null },
      origin: 'config',
      evidence: [
        text === null
          ? `${configFolder.display} exists: default sync_dir ~/OneDrive`
          : `${configFile.display}: sync_dir "${syncDir}"${isLibrary ? ', SharePoint drive_id' : ''}`,
      ],
    },
  ];
}

/** Reads `key = "value"` lines; `#` starts a comment. */
export function parseOneDriveConfig(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_]+)\s*=\s*"(.*)"\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      settings.set(match[1], match[2]);
    }
  }
  return settings;
}

function linuxConfigFolder(context: SyncContext): WatchedPath {
  const configHome = environmentValue(context, 'XDG_CONFIG_HOME');
  if (configHome !== null) {
    return {
      path: context.path.join(configHome, 'onedrive'),
      display: '$XDG_CONFIG_HOME/onedrive',
    };
  }
  return inHome(context, '.config', 'onedrive');
}

function linuxConfigFile(context: SyncContext, folder: WatchedPath): WatchedPath {
  return { path: context.path.join(folder.path, 'config'), display: `${folder.display}/config` };
}

/** The client creates its config folder when an account is first signed in. */
async function isSetUp(context: SyncContext, folder: WatchedPath): Promise<boolean> {
  return isDirectory(context, folder.path);
}

function samePath(left: string, right: string, context: SyncContext): boolean {
  const normalise = (path: string): string => context.path.normalize(path).toLowerCase();
  return normalise(left) === normalise(right);
}
