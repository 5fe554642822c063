import { providerFromName, providerSlug } from './provider-names.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { folderPathFromConfig } from './sync-paths.ts';
import {
  parseRegQueryOutput,
  registryValue,
  relativeKeyPath,
  type RegistryKey,
} from './windows-registry.ts';

/** The user's Explorer navigation-pane entries: one `{CLSID}` sub-key each. */
export const navigationPaneKey =
  'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Desktop\\NameSpace';

/** Per-user class registrations, then the merged machine view. */
const classRoots = ['HKEY_CURRENT_USER\\Software\\Classes\\CLSID', 'HKEY_CLASSES_ROOT\\CLSID'];

/** A user has a handful of pane entries; more is not a real profile. */
const maxEntries = 64;

/**
 * Explorer navigation-pane entries (shell namespace extensions) that point at a local folder:
 * sync clients pin their root there (MEGA, Nextcloud, ownCloud, iCloud, Proton Drive, Jottacloud,
 * Creative Cloud Files, and OneDrive, Dropbox, Box). An entry counts when its class has a
 * `TargetFolderPath` and is not explicitly unpinned (`System.IsPinnedToNameSpaceTree` = 0): an
 * unpinned entry still shows on the desktop, and its folder still syncs.
 */
export const windowsNamespaceProvider: SyncProvider = {
  id: 'windows-navigation-pane',
  name: 'Explorer navigation pane',

  watchedPaths: () => [],

  watchedRegistryKeys: (context) => (context.platform === 'win32' ? [navigationPaneKey] : []),

  async discover(context) {
    if (context.platform !== 'win32') {
      return [];
    }
    const output = await context.queryRegistry(navigationPaneKey);
    if (output === null) {
      return [];
    }

    const folders: SyncFolder[] = [];
    for (const entry of paneEntries(output).slice(0, maxEntries)) {
      const folder = await folderOfEntry(context, entry);
      if (folder !== null) {
        folders.push(folder);
      }
    }
    return folders;
  },
};

interface PaneEntry {
  clsid: string;
  displayName: string;
  /** Nextcloud also names itself in `ApplicationName`. */
  applicationName: string | null;
}

/** The `{CLSID}` sub-keys of the navigation-pane key, with their names. */
export function paneEntries(output: string): PaneEntry[] {
  return parseRegQueryOutput(output).flatMap((key) => {
    const clsid = relativeKeyPath(key, navigationPaneKey);
    if (clsid === null || !/^\{[0-9a-f-]{36}\}$/i.test(clsid)) {
      return [];
    }
    return [
      {
        clsid,
        displayName: registryValue(key, '(Default)') ?? clsid,
        applicationName: registryValue(key, 'ApplicationName'),
      },
    ];
  });
}

/** Looks the class up, per user first, and reads its target folder. */
async function folderOfEntry(context: SyncContext, entry: PaneEntry): Promise<SyncFolder | null> {
  for (const root of classRoots) {
    const classKey = `${root}\\${entry.clsid}`;
    const output = await context.queryRegistry(classKey);
    if (output !== null) {
      return folderFromClass(context, entry, parseRegQueryOutput(output), classKey);
    }
  }
  return null;
}

function folderFromClass(
  context: SyncContext,
  entry: PaneEntry,
  keys: RegistryKey[],
  classKey: string,
): SyncFolder | null {
  // Pinned to the tree, with a target folder
  const lowerClassKey = classKey.toLowerCase();
  const classEntry = keys.find((key) => key.path.toLowerCase() === lowerClassKey);
  const bag = keys.find(
    (key) => relativeKeyPath(key, classKey)?.toLowerCase() === 'instance\\initpropertybag',
  );
  const pinned =
    classEntry === undefined ? null : registryValue(classEntry, 'System.IsPinnedToNameSpaceTree');
  const target = bag === undefined ? null : registryValue(bag, 'TargetFolderPath');
  if (target === null || (pinned !== null && Number(pinned) === 0)) {
    return null;
  }

  // The folder, with environment variables of REG_EXPAND_SZ values expanded
  const path = folderPathFromConfig(context, expandEnvironment(context, target));
  if (path === null) {
    context.logger.warn(
      `Ignoring navigation-pane entry "${entry.displayName}": "${target}" is not an absolute path`,
    );
    return null;
  }

  const productName = entry.applicationName ?? entry.displayName;
  const provider = providerFromName(productName);
  return {
    provider: provider ?? providerSlug(productName),
    ...(provider === null && { productName }),
    path,
    account: cloudAccount('unknown'),
    evidence: [`Explorer navigation-pane entry "${entry.displayName}" ${entry.clsid}`],
    origin: 'config',
  };
}

/** Expands `%NAME%` references from the user's environment; unknown names stay as written. */
export function expandEnvironment(context: SyncContext, value: string): string {
  return value.replace(/%([^%]+)%/g, (reference, name: string) => {
    const lowerName = name.toLowerCase();
    const match = Object.entries(context.env).find(([key]) => key.toLowerCase() === lowerName);
    return match?.[1] ?? reference;
  });
}
