import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { cloudStorageFolder, inHome, localAppData, under } from './sync-paths.ts';
import { cloudStorageEntries, readConfigText } from './sync-reads.ts';

/**
 * Box Drive: on Windows a text file names the folder; on macOS the File Provider folder
 * `Box-Box`, or the legacy Box Sync folder. Box is mostly used by organisations, but local files
 * do not name the enterprise, so the account type stays unknown.
 */
export const boxProvider: SyncProvider = {
  id: 'box',
  name: 'Box',

  watchedPaths(context) {
    switch (context.platform) {
      case 'win32':
        return syncRootFiles(context);
      case 'darwin':
        return [cloudStorageFolder(context), legacyMacFolder(context)];
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
      default:
        return [];
    }
  },
};

/** Box Drive's `sync_root_folder.txt`, then the legacy Box Sync one. */
function syncRootFiles(context: SyncContext): WatchedPath[] {
  const base = localAppData(context);
  return [
    under(base, context, 'Box', 'Box', 'data', 'shell', 'sync_root_folder.txt'),
    under(base, context, 'Box Sync', 'sync_root_folder.txt'),
  ];
}

async function discoverOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  const folders: SyncFolder[] = [];

  for (const file of syncRootFiles(context)) {
    const text = await readConfigText(context, file);
    const path = text?.trim() ?? '';
    if (text === null) {
      continue;
    }
    if (path === '' || path.includes('\n') || !context.path.isAbsolute(path)) {
      context.logger.warn(`Ignoring ${file.display}: it does not hold one absolute folder path`);
      continue;
    }
    folders.push(boxFolder(context.path.normalize(path), file.display, 'config'));
  }

  return folders;
}

async function discoverOnMac(context: SyncContext): Promise<SyncFolder[]> {
  const entries = await cloudStorageEntries(context, 'Box-');
  const folders = entries.map(({ folder }) =>
    boxFolder(folder.path, `File Provider folder ${folder.display}`, 'probe'),
  );

  // The legacy client's folder, when it exists
  const legacy = legacyMacFolder(context);
  folders.push(boxFolder(legacy.path, `legacy Box Sync folder ${legacy.display}`, 'probe'));
  return folders;
}

function legacyMacFolder(context: SyncContext): WatchedPath {
  return inHome(context, 'Box Sync');
}

function boxFolder(path: string, evidence: string, origin: SyncFolder['origin']): SyncFolder {
  return {
    provider: 'box',
    path,
    account: cloudAccount('unknown'),
    evidence: [evidence],
    origin,
  };
}
