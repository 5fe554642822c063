import type { DatabaseSync } from 'node:sqlite';

import { querySqliteCopy } from './sqlite-copy.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import {
  environmentValue,
  folderPathFromConfig,
  inHome,
  under,
  userProfile,
} from './sync-paths.ts';
import { readConfigText } from './sync-reads.ts';

/**
 * The Seafile desktop client: its config folder (`~/.ccnet`, `%USERPROFILE%\ccnet` on Windows,
 * or `$CCNET_CONF_DIR`) holds `seafile.ini`, whose first line is the data folder (or
 * `$SEAFILE_DATA_DIR`); that folder's `repo.db` lists each synced library's local folder
 * (`worktree`), account (`email`) and server (`server-url`) in its `RepoProperty` table. The
 * server's host names the organisation.
 */
export const seafileProvider: SyncProvider = {
  id: 'seafile',
  name: 'Seafile',

  // A library added later changes repo.db, seen here in the default data folder only
  watchedPaths: (context) => {
    const database = under(defaultDataFolder(context), context, 'repo.db');
    return [
      iniFile(context),
      database,
      { path: `${database.path}-wal`, display: `${database.display}-wal` },
    ];
  },

  async discover(context) {
    const dataFolder = await readDataFolder(context);
    if (dataFolder === null) {
      return [];
    }

    // Copy the library database: the client keeps it open
    const database = under(dataFolder, context, 'repo.db');
    const libraries = await querySqliteCopy(context, database, queryLibraries);
    return (libraries ?? []).flatMap((library) => seafileFolder(context, library, database));
  },
};

function configFolder(context: SyncContext): WatchedPath {
  const configured = environmentValue(context, 'CCNET_CONF_DIR');
  if (configured !== null) {
    return { path: configured, display: '$CCNET_CONF_DIR' };
  }
  return context.platform === 'win32'
    ? under(userProfile(context), context, 'ccnet')
    : inHome(context, '.ccnet');
}

/** `$SEAFILE_DATA_DIR`, else the data folder the client proposes, `~/Seafile/.seafile-data`. */
function defaultDataFolder(context: SyncContext): WatchedPath {
  const configured = environmentValue(context, 'SEAFILE_DATA_DIR');
  if (configured !== null) {
    return { path: configured, display: '$SEAFILE_DATA_DIR' };
  }
  const home = context.platform === 'win32' ? userProfile(context) : inHome(context);
  return under(home, context, 'Seafile', '.seafile-data');
}

function iniFile(context: SyncContext): WatchedPath {
  return under(configFolder(context), context, 'seafile.ini');
}

async function readDataFolder(context: SyncContext): Promise<WatchedPath | null> {
  if (environmentValue(context, 'SEAFILE_DATA_DIR') !== null) {
    return defaultDataFolder(context);
  }

  const file = iniFile(context);
  const text = await readConfigText(context, file);
  const firstLine = text?.split(/\r?\n/)[0] ?? '';
  const path = text === null ? null : folderPathFromConfig(context, firstLine);
  if (text !== null && path === null) {
    context.logger.warn(`Ignoring ${file.display}: its first line is not an absolute folder path`);
  }
  return path === null ? null : { path, display: path };
}

interface Library {
  repoId: string;
  worktree: string | null;
  email: string | null;
  serverUrl: string | null;
}

function queryLibraries(connection: DatabaseSync): Library[] {
  const libraries = new Map<string, Library>();
  const rows = connection
    .prepare(
      "SELECT repo_id, key, value FROM RepoProperty WHERE key IN ('worktree', 'email', 'server-url')",
    )
    .all();

  for (const row of rows) {
    const repoId = String(row['repo_id']);
    const value = typeof row['value'] === 'string' ? row['value'] : null;
    const library = libraries.get(repoId) ?? {
      repoId,
      worktree: null,
      email: null,
      serverUrl: null,
    };
    switch (row['key']) {
      case 'worktree':
        library.worktree = value;
        break;
      case 'email':
        library.email = value;
        break;
      default:
        library.serverUrl = value;
    }
    libraries.set(repoId, library);
  }
  return [...libraries.values()];
}

function seafileFolder(
  context: SyncContext,
  library: Library,
  database: WatchedPath,
): SyncFolder[] {
  const path = library.worktree === null ? null : folderPathFromConfig(context, library.worktree);
  if (path === null) {
    context.logger.warn(
      `Ignoring Seafile library ${library.repoId} of ${database.display}: no worktree`,
    );
    return [];
  }
  let host: string | null = null;
  try {
    host = library.serverUrl === null ? null : new URL(library.serverUrl).host || null;
  } catch {
    host = null;
  }
  return [
    {
      provider: 'seafile',
      path,
      account: cloudAccount('unknown', { email: library.email, organisation: host }),
      origin: 'config',
      evidence: [
        `${database.display}: library ${library.repoId}${library.serverUrl === null ? '' : ` on ${library.serverUrl}`}`,
      ],
    },
  ];
}
