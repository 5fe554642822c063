import { readMountInfo } from '../mountinfo.ts';
import type { AccountType } from '../destination.ts';
import { parseIni, type IniFile } from './ini-file.ts';
import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { environmentValue, inHome, roamingAppData, under, xdgConfigHome } from './sync-paths.ts';
import { readConfigText } from './sync-reads.ts';

/** The mount type rclone's FUSE mounts carry on Linux. */
export const rcloneMountType = 'fuse.rclone';

/** rclone encrypts the whole config file when asked to; such a file names no remotes. */
const encryptedConfigHeader = 'RCLONE_ENCRYPT_V0:';

/**
 * rclone mounts (`rclone mount remote:path /mnt/x`) from the Linux mount table, described from
 * `rclone.conf`: the remote's backend type, whether it is a `crypt` remote (client-side
 * encryption) and, for OneDrive remotes, the `drive_type` that tells personal from business.
 *
 * Known gaps: mounts on macOS (macFUSE, FUSE-T) and Windows (WinFsp) use mount types that are
 * not verified, and `rclone copy` / `rclone sync` upload without any local sync folder; both need
 * a look at running processes, which discovery does not do.
 */
export const rcloneProvider: SyncProvider = {
  id: 'rclone',
  name: 'rclone',

  watchedPaths: (context) => configFiles(context),

  watchedMountTypes: [rcloneMountType],

  async discover(context) {
    if (context.mountInfoPath === null) {
      return [];
    }
    const mounts = (await readMountInfo(context.mountInfoPath, context.logger)).filter(
      (mount) => mount.fsType === rcloneMountType,
    );
    if (mounts.length === 0) {
      return [];
    }

    const config = await readRcloneConfig(context);
    return mounts.map((mount) => rcloneFolder(mount.mountPoint, mount.source, config));
  },
};

/** `$RCLONE_CONFIG`, else the default per platform, and the legacy `~/.rclone.conf`. */
function configFiles(context: SyncContext): WatchedPath[] {
  const configured = environmentValue(context, 'RCLONE_CONFIG');
  if (configured !== null) {
    return [{ path: configured, display: '$RCLONE_CONFIG' }];
  }
  const base = context.platform === 'win32' ? roamingAppData(context) : xdgConfigHome(context);
  return [under(base, context, 'rclone', 'rclone.conf'), inHome(context, '.rclone.conf')];
}

/** The remotes of the first config file found; null when none is readable. */
async function readRcloneConfig(
  context: SyncContext,
): Promise<{ file: WatchedPath; ini: IniFile } | null> {
  for (const file of configFiles(context)) {
    const text = await readConfigText(context, file);
    if (text === null) {
      continue;
    }
    if (text.trimStart().startsWith(encryptedConfigHeader)) {
      context.logger.info(
        `${file.display} is encrypted: rclone remotes are described by name only`,
      );
      return null;
    }
    const { ini, skippedLines } = parseIni(text);
    if (skippedLines > 0) {
      context.logger.warn(`Skipped ${skippedLines} malformed lines of ${file.display}`);
    }
    return { file, ini };
  }
  return null;
}

/** Describes one mount: `gdrive:Backups` mounted from remote `gdrive` of type `drive`. */
function rcloneFolder(
  mountPoint: string,
  source: string,
  config: { file: WatchedPath; ini: IniFile } | null,
): SyncFolder {
  const remoteName = remoteOf(source);
  const remote = config?.ini.get(remoteName);
  const backend = remote?.get('type') ?? (remoteName.startsWith(':') ? remoteName.slice(1) : null);
  const evidence = [`${rcloneMountType} mount of ${source}`];

  // The backend, and what lies under a crypt remote
  if (backend !== null) {
    evidence.push(`remote type ${backend}${config === null ? '' : ` in ${config.file.display}`}`);
  }
  let described = remote;
  if (backend === 'crypt') {
    const wrapped = remoteOf(remote?.get('remote') ?? '');
    described = config?.ini.get(wrapped);
    evidence.push(
      `client-side encrypted (crypt) over remote ${wrapped}${described?.get('type') === undefined ? '' : ` of type ${described.get('type') ?? ''}`}`,
    );
  }

  return {
    provider: 'rclone',
    path: mountPoint,
    account: cloudAccount(accountTypeOf(described)),
    evidence,
    origin: 'config',
  };
}

/** The remote name of `remote:path`; on-the-fly remotes keep their leading colon (`:s3`). */
function remoteOf(spec: string): string {
  const colon = spec.indexOf(':', spec.startsWith(':') ? 1 : 0);
  return colon < 0 ? spec : spec.slice(0, colon);
}

/** OneDrive remotes say `drive_type = personal | business | documentLibrary`. */
function accountTypeOf(remote: Map<string, string> | undefined): AccountType {
  if (remote?.get('type') !== 'onedrive') {
    return 'unknown';
  }
  switch (remote.get('drive_type')) {
    case 'personal':
      return 'personal';
    case 'business':
    case 'documentLibrary':
      return 'business';
    default:
      return 'unknown';
  }
}
