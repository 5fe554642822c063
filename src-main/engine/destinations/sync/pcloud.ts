import type { DatabaseSync } from 'node:sqlite';

import { querySqliteCopy, textColumn } from './sqlite-copy.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { folderPathFromConfig, inHome } from './sync-paths.ts';
import { parseRegQueryOutput, registryValue } from './windows-registry.ts';

/** The pCloud client's per-user settings on Windows. */
export const pCloudSettingsKey = 'HKEY_CURRENT_USER\\SOFTWARE\\pCloud';

/**
 * pCloud: on Windows the drive letter of the pCloud Drive virtual disk (`SyncDrive`); on macOS
 * and Linux the sync pairs in the client's SQLite database `~/.pcloud/data.db` (table
 * `syncfolder`, column `localpath`), with the login from its `setting` table, and the Linux
 * pCloud Drive mount folder (`~/pCloudDrive`, a default seen in use but not documented).
 * Business accounts cannot be told apart locally.
 */
export const pCloudProvider: SyncProvider = {
  id: 'pcloud',
  name: 'pCloud',

  watchedPaths(context) {
    if (context.platform === 'win32') {
      return [];
    }
    const database = databaseFile(context);
    return [database, { path: `${database.path}-wal`, display: `${database.display}-wal` }];
  },

  watchedRegistryKeys: (context) => (context.platform === 'win32' ? [pCloudSettingsKey] : []),

  async discover(context) {
    return context.platform === 'win32' ? discoverOnWindows(context) : discoverDatabase(context);
  },
};

function databaseFile(context: SyncContext): WatchedPath {
  return inHome(context, '.pcloud', 'data.db');
}

/** `SyncDrive` holds a drive letter such as `P` or `P:`. */
async function discoverOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  const output = await context.queryRegistry(pCloudSettingsKey);
  const key = output === null ? undefined : parseRegQueryOutput(output)[0];
  const drive = key === undefined ? null : registryValue(key, 'SyncDrive');
  const letter = drive === null ? undefined : /^([A-Za-z]):?\\?$/.exec(drive.trim())?.[1];
  if (drive === null) {
    return [];
  }
  if (letter === undefined) {
    context.logger.warn(
      `Ignoring the pCloud SyncDrive registry value "${drive}": not a drive letter`,
    );
    return [];
  }
  return [
    {
      provider: 'pcloud',
      path: `${letter.toUpperCase()}:\\`,
      account: cloudAccount('unknown'),
      origin: 'config',
      evidence: [`registry pCloud SyncDrive ${letter.toUpperCase()}:`],
    },
  ];
}

async function discoverDatabase(context: SyncContext): Promise<SyncFolder[]> {
  const database = databaseFile(context);
  const rows = await querySqliteCopy(context, database, queryDatabase);
  const folders: SyncFolder[] = [];

  for (const localPath of rows?.localPaths ?? []) {
    const path = folderPathFromConfig(context, localPath);
    if (path !== null) {
      folders.push({
        provider: 'pcloud',
        path,
        account: cloudAccount('unknown', { email: rows?.username ?? null }),
        origin: 'config',
        evidence: [`${database.display}: sync folder`],
      });
    }
  }

  // The virtual drive, when the client was set up
  if (context.platform === 'linux' && rows !== null) {
    const drive = inHome(context, 'pCloudDrive');
    folders.push({
      provider: 'pcloud',
      path: drive.path,
      account: cloudAccount('unknown', { email: rows.username }),
      origin: 'probe',
      evidence: [`pCloud Drive folder ${drive.display}`],
    });
  }
  return folders;
}

function queryDatabase(connection: DatabaseSync): {
  localPaths: string[];
  username: string | null;
} {
  const localPaths = connection
    .prepare('SELECT localpath FROM syncfolder')
    .all()
    .flatMap((row) => {
      const path = textColumn(row, 'localpath');
      return path === null ? [] : [path];
    });
  const setting = connection.prepare("SELECT value FROM setting WHERE id = 'username'").get();
  return { localPaths, username: setting === undefined ? null : textColumn(setting, 'value') };
}
