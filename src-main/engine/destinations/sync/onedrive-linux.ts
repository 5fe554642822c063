import type { AccountType } from '../destination.ts';
import { querySqliteCopy, textColumn } from './sqlite-copy.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type WatchedPath,
} from './sync-context.ts';
import { expandHome, under, xdgConfigHome } from './sync-paths.ts';
import { isDirectory, readConfigText, subfolders } from './sync-reads.ts';

/**
 * The third-party `onedrive` client (abraunegg/onedrive): its config folder exists once an
 * account is signed in; `sync_dir` in its `config` names the folder, `~/OneDrive` by default.
 * Each further account runs with its own `--confdir`; folders named `onedrive*` in the config
 * home are read as such (other names are missed: the client's systemd units name them).
 *
 * The config does not say the account type. Its item database does: Microsoft Graph drive ids
 * of personal accounts are 16 hex digits, those of work accounts start with `b!`.
 */
export async function discoverOneDriveOnLinux(context: SyncContext): Promise<SyncFolder[]> {
  const folders: SyncFolder[] = [];
  for (const configFolder of await oneDriveConfigFolders(context)) {
    const folder = await discoverConfigFolder(context, configFolder);
    if (folder !== null) {
      folders.push(folder);
    }
  }
  return folders;
}

/** The default config folder and its file, polled for a first sign-in. */
export function defaultOneDriveConfigPaths(context: SyncContext): WatchedPath[] {
  const folder = under(xdgConfigHome(context), context, 'onedrive');
  return [
    xdgConfigHome(context),
    folder,
    { path: context.path.join(folder.path, 'config'), display: `${folder.display}/config` },
  ];
}

async function oneDriveConfigFolders(context: SyncContext): Promise<WatchedPath[]> {
  const entries = await subfolders(context, xdgConfigHome(context));
  return entries
    .filter(({ name }) => name.toLowerCase().startsWith('onedrive'))
    .map(({ folder }) => folder);
}

async function discoverConfigFolder(
  context: SyncContext,
  configFolder: WatchedPath,
): Promise<SyncFolder | null> {
  // Without a config file the client still runs with its defaults, if it was ever set up
  const configFile = {
    path: context.path.join(configFolder.path, 'config'),
    display: `${configFolder.display}/config`,
  };
  const text = await readConfigText(context, configFile);
  if (text === null && !(await isDirectory(context, configFolder.path))) {
    return null;
  }
  const settings = text === null ? new Map<string, string>() : parseOneDriveConfig(text);

  // The folder, and what tells the account type
  const syncDir = settings.get('sync_dir') ?? '~/OneDrive';
  const libraryDriveId = settings.get('drive_id') ?? null;
  const databaseDriveId = await firstDriveId(context, configFolder);
  const type = accountTypeFromDriveId(libraryDriveId ?? databaseDriveId);

  const evidence = [
    text === null
      ? `${configFolder.display} exists: default sync_dir ~/OneDrive`
      : `${configFile.display}: sync_dir "${syncDir}"${libraryDriveId === null ? '' : ', SharePoint drive_id'}`,
  ];
  if (databaseDriveId !== null) {
    evidence.push(`${configFolder.display}/items.sqlite3: ${type} drive id`);
  }
  return {
    provider: 'onedrive',
    path: expandHome(context, syncDir),
    account: cloudAccount(type),
    origin: 'config',
    evidence,
  };
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

/** Personal drive ids are hex (leading zeros are sometimes dropped); work ones start with `b!`. */
export function accountTypeFromDriveId(driveId: string | null): AccountType {
  if (driveId === null) {
    return 'unknown';
  }
  if (driveId.startsWith('b!')) {
    return 'business';
  }
  return /^[0-9a-f]{12,16}$/i.test(driveId) ? 'personal' : 'unknown';
}

async function firstDriveId(
  context: SyncContext,
  configFolder: WatchedPath,
): Promise<string | null> {
  const database = under(configFolder, context, 'items.sqlite3');
  return querySqliteCopy(context, database, (connection) => {
    const row = connection.prepare('SELECT driveId FROM item LIMIT 1').get();
    return row === undefined ? null : textColumn(row, 'driveId');
  });
}
