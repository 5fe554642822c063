import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The data directory (activity log, quarantine): `--data-dir`, else `COPYWARDEN_DATA_DIR`, else
 * the platform's per-user state directory.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const chosen = flag ?? env['COPYWARDEN_DATA_DIR'];
  if (chosen !== undefined && chosen !== '') {
    return resolve(chosen);
  }
  return defaultDataDir(env, platform);
}

function defaultDataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string {
  const home = env['HOME'] ?? homedir();
  switch (platform) {
    case 'win32':
      return join(env['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'), 'Copywarden');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Copywarden');
    default:
      return join(env['XDG_STATE_HOME'] ?? join(home, '.local', 'state'), 'copywarden');
  }
}
