import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { AccountType } from '../destination.ts';
import {
  cloudStorageEntries,
  cloudStorageFolder,
  hostPath,
  localAppData,
  under,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';

/** Consumer Google accounts; any other domain is a Workspace (business) account. */
const consumerDomains = new Set(['gmail.com', 'googlemail.com']);

/** DriveFS's `media` rows of this type are streaming drives. */
const streamingMediaType = 10;

/**
 * Google Drive for desktop: one File Provider folder per account on macOS; on Windows, the
 * mirrored and backed-up folders and streaming drives recorded in DriveFS's root database.
 */
export const googleDriveProvider: SyncProvider = {
  id: 'google-drive',
  name: 'Google Drive',

  watchedPaths(context) {
    switch (context.platform) {
      case 'darwin':
        return [cloudStorageFolder(context)];
      case 'win32': {
        const database = rootDatabase(context);
        return [database, { path: `${database.path}-wal`, display: `${database.display}-wal` }];
      }
      default:
        return [];
    }
  },

  async discover(context) {
    switch (context.platform) {
      case 'darwin':
        return discoverOnMac(context);
      case 'win32':
        return discoverOnWindows(context);
      default:
        return [];
    }
  },
};

/** `GoogleDrive-<email>` folders. */
async function discoverOnMac(context: SyncContext): Promise<SyncFolder[]> {
  const entries = await cloudStorageEntries(context, 'GoogleDrive-');

  return entries.map(({ name, folder }) => {
    const email = name.slice('GoogleDrive-'.length);
    return {
      provider: 'google-drive' as const,
      path: folder.path,
      account: {
        type: accountTypeFromEmail(email),
        email,
        organisation: organisationFromEmail(email),
      },
      origin: 'probe',
      evidence: [`File Provider folder ${folder.display}`],
    } satisfies SyncFolder;
  });
}

/** Whether an address is a consumer (`@gmail.com`) or Workspace account. */
export function accountTypeFromEmail(email: string): AccountType {
  const domain = email.split('@')[1]?.toLowerCase();
  if (domain === undefined || domain === '') {
    return 'unknown';
  }
  return consumerDomains.has(domain) ? 'personal' : 'business';
}

function organisationFromEmail(email: string): string | null {
  return accountTypeFromEmail(email) === 'business' ? (email.split('@')[1] ?? null) : null;
}

function rootDatabase(context: SyncContext): WatchedPath {
  return under(localAppData(context), context, 'Google', 'DriveFS', 'root_preference_sqlite.db');
}

/**
 * Reads DriveFS's root database from a private copy, so that the live database is never locked:
 * `roots` lists mirrored and backed-up folders, `media` rows of type 10 the streaming drives.
 * The account's e-mail address is not in this database, so the account type stays unknown.
 */
async function discoverOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  const database = rootDatabase(context);
  const rows = await readRootDatabase(context, database);
  if (rows === null) {
    return [];
  }

  // Mirrored and backed-up folders
  const folders: SyncFolder[] = [];
  for (const root of rows.roots) {
    const path = stripLongPathPrefix(root.path);
    const what = root.isMyDrive ? 'My Drive mirror' : `backed-up folder "${root.title}"`;
    folders.push(windowsFolder(context, path, `${database.display}: ${what}`));
  }

  // Streaming drives, usually a bare drive letter
  for (const media of rows.streamingDrives) {
    const path = streamingDrivePath(media.mountPoint, context);
    folders.push(
      windowsFolder(context, path, `${database.display}: streaming drive "${media.name}"`),
    );
  }

  return folders;
}

function windowsFolder(context: SyncContext, path: string, evidence: string): SyncFolder {
  return {
    provider: 'google-drive',
    path: context.path.normalize(path),
    account: { type: 'unknown', email: null, organisation: null },
    origin: 'config',
    evidence: [evidence],
  };
}

/** What the root database says, reduced to the columns discovery uses. */
interface RootDatabaseRows {
  roots: { path: string; title: string; isMyDrive: boolean }[];
  streamingDrives: { mountPoint: string; name: string }[];
}

async function readRootDatabase(
  context: SyncContext,
  database: WatchedPath,
): Promise<RootDatabaseRows | null> {
  // Copy the database and its write-ahead log, when present
  const copyFolder = await mkdtemp(join(tmpdir(), 'copywarden-drivefs-'));
  const copy = join(copyFolder, 'root_preference_sqlite.db');
  try {
    await copyFile(hostPath(context, database.path), copy);
  } catch (error) {
    await rm(copyFolder, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      context.logger.debug(`No ${database.display}`);
    } else {
      context.logger.warn(`Could not copy ${database.display}`, error);
    }
    return null;
  }
  await copyFile(hostPath(context, `${database.path}-wal`), `${copy}-wal`).catch(() => undefined);

  // Open the copy read-only and query it
  try {
    const { DatabaseSync } = await import('node:sqlite');
    const connection = new DatabaseSync(copy, { readOnly: true });
    try {
      return queryRootDatabase(connection);
    } finally {
      connection.close();
    }
  } catch (error) {
    context.logger.warn(`Ignoring ${database.display}: not a readable DriveFS database`, error);
    return null;
  } finally {
    await rm(copyFolder, { recursive: true, force: true });
  }
}

function queryRootDatabase(connection: import('node:sqlite').DatabaseSync): RootDatabaseRows {
  const roots = connection
    .prepare('SELECT last_seen_absolute_path, title, is_my_drive FROM roots')
    .all()
    .flatMap((row) => {
      const path = row['last_seen_absolute_path'];
      if (typeof path !== 'string' || path === '') {
        return [];
      }
      const title = row['title'];
      return [
        {
          path,
          title: typeof title === 'string' ? title : '',
          isMyDrive: Number(row['is_my_drive']) === 1,
        },
      ];
    });

  const streamingDrives = connection
    .prepare('SELECT last_mount_point, name FROM media WHERE fs_type = ?')
    .all(streamingMediaType)
    .flatMap((row) => {
      const mountPoint = row['last_mount_point'];
      if (typeof mountPoint !== 'string' || mountPoint === '') {
        return [];
      }
      const name = row['name'];
      return [{ mountPoint, name: typeof name === 'string' ? name : '' }];
    });

  return { roots, streamingDrives };
}

/** DriveFS stores Win32 long paths, such as `\\?\C:\Users\a\Photos`. */
function stripLongPathPrefix(path: string): string {
  return path.startsWith('\\\\?\\') ? path.slice(4) : path;
}

/** A bare drive letter (`G`, `G:`, `G:\`) becomes its `My Drive` folder. */
export function streamingDrivePath(mountPoint: string, context: SyncContext): string {
  const letter = /^([A-Za-z]):?\\?$/.exec(mountPoint)?.[1];
  if (letter === undefined) {
    return stripLongPathPrefix(mountPoint);
  }
  return context.path.join(`${letter.toUpperCase()}:\\`, 'My Drive');
}
