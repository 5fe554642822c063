import type { DatabaseSync } from 'node:sqlite';

import { querySqliteCopy, textColumn } from './sqlite-copy.ts';
import {
  accountFromEmail,
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import {
  cloudStorageFolder,
  folderPathFromConfig,
  localAppData,
  macApplicationSupport,
  under,
} from './sync-paths.ts';
import { cloudStorageEntries, isRecord } from './sync-reads.ts';
import { parseRegQueryOutput, registryValue } from './windows-registry.ts';

/** DriveFS's `media` rows of this type are streaming drives. */
const streamingMediaType = 10;

/** Drive for desktop's per-user settings, holding `PerAccountPreferences`. */
export const driveFsSettingsKey = 'HKEY_CURRENT_USER\\Software\\Google\\DriveFS';

/**
 * Google Drive for desktop: one File Provider folder per account on macOS; on both systems the
 * mirrored and backed-up folders ("folders from my computer", which upload whatever is copied
 * into them) and streaming drives recorded in DriveFS's root database; on Windows also the
 * streaming drive letters of `PerAccountPreferences`.
 */
export const googleDriveProvider: SyncProvider = {
  id: 'google-drive',
  name: 'Google Drive',

  watchedPaths(context) {
    const database = rootDatabase(context);
    const files = [database, { path: `${database.path}-wal`, display: `${database.display}-wal` }];
    return context.platform === 'darwin' ? [cloudStorageFolder(context), ...files] : files;
  },

  watchedRegistryKeys: (context) => (context.platform === 'win32' ? [driveFsSettingsKey] : []),

  async discover(context) {
    if (context.platform !== 'win32' && context.platform !== 'darwin') {
      return [];
    }
    const folders = [
      ...(await discoverFileProviderFolders(context)),
      ...(await discoverRootDatabase(context)),
    ];
    if (context.platform === 'win32') {
      folders.push(...(await discoverAccountPreferences(context)));
    }
    return folders;
  },
};

/** `GoogleDrive-<email>` folders on macOS. */
async function discoverFileProviderFolders(context: SyncContext): Promise<SyncFolder[]> {
  const entries = await cloudStorageEntries(context, 'GoogleDrive-');
  return entries.map(({ name, folder }) => ({
    provider: 'google-drive',
    path: folder.path,
    account: accountFromEmail('google-drive', name.slice('GoogleDrive-'.length)),
    origin: 'probe',
    evidence: [`File Provider folder ${folder.display}`],
  }));
}

/**
 * DriveFS's root database (`%LOCALAPPDATA%\Google\DriveFS` on Windows; the macOS location in
 * Application Support is observed but not documented). The account's e-mail address is not in
 * it, so the account type of its folders stays unknown.
 */
function rootDatabase(context: SyncContext): WatchedPath {
  const base =
    context.platform === 'win32' ? localAppData(context) : macApplicationSupport(context);
  return under(base, context, 'Google', 'DriveFS', 'root_preference_sqlite.db');
}

async function discoverRootDatabase(context: SyncContext): Promise<SyncFolder[]> {
  const database = rootDatabase(context);
  const rows = await querySqliteCopy(context, database, queryRootDatabase);
  if (rows === null) {
    return [];
  }

  // Mirrored and backed-up folders, then streaming drives (usually a bare drive letter)
  const folders: SyncFolder[] = [];
  for (const root of rows.roots) {
    const what = root.isMyDrive ? 'My Drive mirror' : `backed-up folder "${root.title}"`;
    folders.push(...driveFolder(context, root.path, `${database.display}: ${what}`));
  }
  for (const media of rows.streamingDrives) {
    const path = streamingDrivePath(media.mountPoint, context);
    folders.push(
      ...driveFolder(context, path, `${database.display}: streaming drive "${media.name}"`),
    );
  }
  return folders;
}

function driveFolder(context: SyncContext, value: string, evidence: string): SyncFolder[] {
  const path = folderPathFromConfig(context, value);
  if (path === null) {
    context.logger.warn(`Ignoring a Google Drive folder "${value}": not an absolute path`);
    return [];
  }
  return [
    {
      provider: 'google-drive',
      path,
      account: cloudAccount('unknown'),
      origin: 'config',
      evidence: [evidence],
    },
  ];
}

function queryRootDatabase(connection: DatabaseSync): {
  roots: { path: string; title: string; isMyDrive: boolean }[];
  streamingDrives: { mountPoint: string; name: string }[];
} {
  const roots = connection
    .prepare('SELECT last_seen_absolute_path, title, is_my_drive FROM roots')
    .all()
    .flatMap((row) => {
      const path = textColumn(row, 'last_seen_absolute_path');
      return path === null
        ? []
        : [
            {
              path,
              title: textColumn(row, 'title') ?? '',
              isMyDrive: Number(row['is_my_drive']) === 1,
            },
          ];
    });

  const streamingDrives = connection
    .prepare('SELECT last_mount_point, name FROM media WHERE fs_type = ?')
    .all(streamingMediaType)
    .flatMap((row) => {
      const mountPoint = textColumn(row, 'last_mount_point');
      return mountPoint === null ? [] : [{ mountPoint, name: textColumn(row, 'name') ?? '' }];
    });

  return { roots, streamingDrives };
}

/**
 * `PerAccountPreferences`: a JSON object whose first member is an array of accounts, each with
 * `value.mount_point_path` (often a bare drive letter). Mapping the account id to an e-mail
 * address is not documented, so the account type stays unknown.
 */
async function discoverAccountPreferences(context: SyncContext): Promise<SyncFolder[]> {
  const output = await context.queryRegistry(driveFsSettingsKey);
  const settings = output === null ? undefined : parseRegQueryOutput(output)[0];
  const text = settings === undefined ? null : registryValue(settings, 'PerAccountPreferences');
  if (text === null) {
    return [];
  }

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    context.logger.warn('Ignoring the Google Drive PerAccountPreferences registry value: not JSON');
    return [];
  }
  const accounts = isRecord(document) ? Object.values(document)[0] : undefined;
  if (!Array.isArray(accounts)) {
    context.logger.warn(
      'Ignoring the Google Drive PerAccountPreferences registry value: no account list',
    );
    return [];
  }

  return accounts.flatMap((account: unknown) => {
    const value = isRecord(account) ? account['value'] : undefined;
    const mountPoint = isRecord(value) ? value['mount_point_path'] : undefined;
    const id =
      isRecord(account) && typeof account['key'] === 'string'
        ? ` of account ${account['key']}`
        : '';
    return typeof mountPoint === 'string' && mountPoint !== ''
      ? driveFolder(
          context,
          streamingDrivePath(mountPoint, context),
          `registry DriveFS PerAccountPreferences: streaming drive${id}`,
        )
      : [];
  });
}

/** A bare drive letter (`G`, `G:`, `G:\`) becomes its `My Drive` folder. */
export function streamingDrivePath(mountPoint: string, context: SyncContext): string {
  const letter = /^([A-Za-z]):?\\?$/.exec(mountPoint)?.[1];
  if (letter === undefined) {
    return mountPoint;
  }
  return context.path.join(`${letter.toUpperCase()}:\\`, 'My Drive');
}
