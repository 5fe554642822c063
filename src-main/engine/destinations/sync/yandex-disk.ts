import {
  cloudAccount,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
  type WatchedPath,
} from './sync-context.ts';
import { folderPathFromConfig, under, xdgConfigHome } from './sync-paths.ts';
import { readConfigText } from './sync-reads.ts';
import { parseRegQueryOutput, registryValue } from './windows-registry.ts';

/** The Yandex Disk client's per-user settings on Windows. */
export const yandexDiskSettingsKey = 'HKEY_CURRENT_USER\\SOFTWARE\\Yandex\\Yandex.Disk.2';

/**
 * Yandex Disk: the `dir="..."` line of the Linux console client's `config.cfg`, and the
 * `RootFolder` registry value on Windows. The macOS client's files are not documented. The
 * account login is not in either place (the Linux client keeps only a token file).
 */
export const yandexDiskProvider: SyncProvider = {
  id: 'yandex-disk',
  name: 'Yandex Disk',

  watchedPaths: (context) => (context.platform === 'linux' ? [configFile(context)] : []),

  watchedRegistryKeys: (context) => (context.platform === 'win32' ? [yandexDiskSettingsKey] : []),

  async discover(context) {
    switch (context.platform) {
      case 'linux':
        return discoverOnLinux(context);
      case 'win32':
        return discoverOnWindows(context);
      default:
        return [];
    }
  },
};

function configFile(context: SyncContext): WatchedPath {
  return under(xdgConfigHome(context), context, 'yandex-disk', 'config.cfg');
}

async function discoverOnLinux(context: SyncContext): Promise<SyncFolder[]> {
  const file = configFile(context);
  const text = await readConfigText(context, file);
  const dir = text === null ? null : (/^\s*dir\s*=\s*"?([^"\r\n]*)"?\s*$/m.exec(text)?.[1] ?? null);
  if (text !== null && dir === null) {
    context.logger.warn(`Ignoring ${file.display}: it has no dir= line`);
  }
  return dir === null ? [] : yandexFolder(context, dir, `${file.display}: dir "${dir}"`);
}

async function discoverOnWindows(context: SyncContext): Promise<SyncFolder[]> {
  const output = await context.queryRegistry(yandexDiskSettingsKey);
  const key = output === null ? undefined : parseRegQueryOutput(output)[0];
  const root = key === undefined ? null : registryValue(key, 'RootFolder');
  return root === null ? [] : yandexFolder(context, root, 'registry Yandex.Disk.2 RootFolder');
}

function yandexFolder(context: SyncContext, value: string, evidence: string): SyncFolder[] {
  const path = folderPathFromConfig(context, value);
  if (path === null) {
    context.logger.warn(`Ignoring the Yandex Disk folder "${value}": not an absolute path`);
    return [];
  }
  return [
    {
      provider: 'yandex-disk',
      path,
      account: cloudAccount('unknown'),
      origin: 'config',
      evidence: [evidence],
    },
  ];
}
