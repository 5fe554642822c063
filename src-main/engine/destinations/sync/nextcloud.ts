import { parseIni } from './ini-file.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import {
  folderPathFromConfig,
  inHome,
  macApplicationSupport,
  roamingAppData,
  under,
  xdgConfigHome,
} from './sync-paths.ts';
import { readConfigText } from './sync-reads.ts';

/** The three groups under which the desktop clients list an account's folders. */
const folderGroups = ['Folders', 'Multifolders', 'FoldersWithPlaceholders'];

/** The keys that hold an account's login, in the order they are preferred. */
const userKeys = ['dav_user', 'webflow_user', 'http_user', 'user'];

/** Nextcloud's and ownCloud's desktop clients share one config format. */
interface ClientFlavour {
  id: 'nextcloud' | 'owncloud';
  name: string;
  /** The config folder's name (`Nextcloud`) and file name (`nextcloud.cfg`). */
  folderName: string;
  fileName: string;
  /** The Flathub application id, whose sandbox keeps its own config home. */
  flatpakId: string;
}

/**
 * The desktop client of Nextcloud or ownCloud: every account in the `[Accounts]` section of its
 * Qt INI config, with its folders from all three folder groups. The server's host names the
 * organisation (these servers are mostly run by one), the login names the account.
 */
function createClientProvider(flavour: ClientFlavour): SyncProvider {
  return {
    id: flavour.id,
    name: flavour.name,
    watchedPaths: (context) => configFiles(context, flavour),
    async discover(context) {
      for (const file of configFiles(context, flavour)) {
        const text = await readConfigText(context, file);
        if (text !== null) {
          return parseClientConfig(text, file, flavour, context);
        }
      }
      return [];
    },
  };
}

export const nextcloudProvider = createClientProvider({
  id: 'nextcloud',
  name: 'Nextcloud',
  folderName: 'Nextcloud',
  fileName: 'nextcloud.cfg',
  flatpakId: 'com.nextcloud.desktopclient.nextcloud',
});

export const ownCloudProvider = createClientProvider({
  id: 'owncloud',
  name: 'ownCloud',
  folderName: 'ownCloud',
  fileName: 'owncloud.cfg',
  flatpakId: 'com.owncloud.desktopclient.owncloud',
});

/** The config file per platform; macOS builds use one of two folders. */
function configFiles(context: SyncContext, flavour: ClientFlavour): WatchedPath[] {
  const { folderName, fileName } = flavour;
  switch (context.platform) {
    case 'win32':
      return [under(roamingAppData(context), context, folderName, fileName)];
    case 'darwin':
      return [
        inHome(context, 'Library', 'Preferences', folderName, fileName),
        under(macApplicationSupport(context), context, folderName, fileName),
      ];
    default:
      return [
        under(xdgConfigHome(context), context, folderName, fileName),
        inHome(context, '.var', 'app', flavour.flatpakId, 'config', folderName, fileName),
      ];
  }
}

/** Reads `<n>\url`, `<n>\dav_user` and `<n>\<group>\<id>\localPath` keys of `[Accounts]`. */
export function parseClientConfig(
  text: string,
  file: WatchedPath,
  flavour: Pick<ClientFlavour, 'id'>,
  context: SyncContext,
): SyncFolder[] {
  const { ini, skippedLines } = parseIni(text, { qtValues: true });
  if (skippedLines > 0) {
    context.logger.warn(`Skipped ${skippedLines} malformed lines of ${file.display}`);
  }
  const accounts = ini.get('Accounts') ?? new Map<string, string>();
  const folders: SyncFolder[] = [];

  for (const [key, value] of accounts) {
    // `0\Folders\1\localPath`: account 0, group Folders, folder 1
    const [accountNumber, group, folderId, field] = key.split('\\');
    if (field !== 'localPath' || group === undefined || !folderGroups.includes(group)) {
      continue;
    }
    const path = folderPathFromConfig(context, value);
    if (path === null) {
      context.logger.warn(`Ignoring ${file.display} ${key}: "${value}" is not an absolute path`);
      continue;
    }

    // The account's server and login
    const url = accounts.get(`${accountNumber ?? ''}\\url`) ?? null;
    const host = url === null ? null : hostOf(url);
    const login =
      userKeys
        .map((name) => accounts.get(`${accountNumber ?? ''}\\${name}`))
        .find((user) => user !== undefined && user !== '') ?? null;
    folders.push({
      provider: flavour.id,
      path,
      account: cloudAccount('unknown', { email: login, organisation: host }),
      evidence: [
        `${file.display}: account ${accountNumber ?? ''} folder ${folderId ?? ''}${url === null ? '' : ` on ${url}`}`,
      ],
      origin: 'config',
    });
  }
  return folders;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}
