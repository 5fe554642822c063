import type { AccountType } from '../destination.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { cloudStorageFolder, inHome, localAppData, roamingAppData, under } from './sync-paths.ts';
import { cloudStorageEntries, isRecord, readConfigText } from './sync-reads.ts';

/** The two account slots of Dropbox's `info.json`. */
const accountSlots = ['personal', 'business'] as const;

/**
 * Dropbox: `info.json` names the folder of the personal and of the business account; on macOS
 * the File Provider build also keeps a folder in `~/Library/CloudStorage`.
 */
export const dropboxProvider: SyncProvider = {
  id: 'dropbox',
  name: 'Dropbox',

  watchedPaths(context) {
    const paths = infoJsonPaths(context);
    return context.platform === 'darwin' ? [...paths, cloudStorageFolder(context)] : paths;
  },

  async discover(context) {
    const folders: SyncFolder[] = [];

    // Accounts named by info.json
    for (const file of infoJsonPaths(context)) {
      const text = await readConfigText(context, file);
      if (text !== null) {
        folders.push(...parseInfoJson(text, file, context));
      }
    }

    // File Provider folders on macOS
    for (const { name, folder } of await cloudStorageEntries(context, 'Dropbox')) {
      folders.push({
        provider: 'dropbox',
        path: folder.path,
        account: cloudAccount('unknown', { organisation: teamFromFolderName(name) }),
        evidence: [`File Provider folder ${folder.display}`],
        origin: 'probe',
      });
    }

    return folders;
  },
};

/** `~/.dropbox/info.json`, or on Windows the copies under `%APPDATA%` and `%LOCALAPPDATA%`. */
function infoJsonPaths(context: SyncContext): WatchedPath[] {
  if (context.platform === 'win32') {
    return [
      under(roamingAppData(context), context, 'Dropbox', 'info.json'),
      under(localAppData(context), context, 'Dropbox', 'info.json'),
    ];
  }
  return [inHome(context, '.dropbox', 'info.json')];
}

/** Reads the `personal` and `business` objects of an `info.json`. */
export function parseInfoJson(text: string, file: WatchedPath, context: SyncContext): SyncFolder[] {
  // Parse the document
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    context.logger.warn(`Ignoring ${file.display}: not JSON`, error);
    return [];
  }
  if (!isRecord(document)) {
    context.logger.warn(`Ignoring ${file.display}: not a JSON object`);
    return [];
  }

  // One folder per account slot
  const folders: SyncFolder[] = [];
  for (const slot of accountSlots) {
    const account = document[slot];
    if (account === undefined) {
      continue;
    }
    if (!isRecord(account) || typeof account['path'] !== 'string' || account['path'] === '') {
      context.logger.warn(`Ignoring the ${slot} account of ${file.display}: it has no path`);
      continue;
    }
    folders.push(folderFromAccount(slot, account, account['path'], file, context));
  }
  return folders;
}

function folderFromAccount(
  slot: (typeof accountSlots)[number],
  account: Record<string, unknown>,
  path: string,
  file: WatchedPath,
  context: SyncContext,
): SyncFolder {
  // The slot name says the type; is_team confirms a team account
  const isTeam = account['is_team'] === true;
  const type: AccountType = slot === 'business' || isTeam ? 'business' : 'personal';

  // The team name is only in the default business folder name, `Dropbox (<Team>)`
  const team = type === 'business' ? teamFromFolderName(context.path.basename(path)) : null;

  // Evidence
  const details: string[] = [slot];
  if (team !== null) {
    details.push(`team "${team}"`);
  }
  if (typeof account['subscription_type'] === 'string') {
    details.push(`subscription ${account['subscription_type']}`);
  }

  return {
    provider: 'dropbox',
    path: context.path.normalize(path),
    account: cloudAccount(type, { organisation: team }),
    evidence: [`${file.display}: ${details.join(', ')}`],
    origin: 'config',
  };
}

/** The team in a folder named `Dropbox (Acme)`; null for other names. */
function teamFromFolderName(name: string): string | null {
  const match = /^Dropbox \((.+)\)$/.exec(name);
  return match?.[1] ?? null;
}
