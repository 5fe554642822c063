import { homedir } from 'node:os';
import { join } from 'node:path';

import type { App } from 'electron';

import type { Logger } from '../../engine/base/logger.ts';
import { setAutostartEntry } from './autostart-entry.ts';

/**
 * Makes Copywarden start at login, or not, as the host setting says: a login item on macOS and
 * Windows, an XDG autostart entry on Linux. Failures are logged; the app runs on either way.
 */
export async function applyStartAtLogin(app: App, enabled: boolean, logger: Logger): Promise<void> {
  try {
    if (process.platform === 'linux') {
      const configHome = process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config');
      // An AppImage runs from a temporary mount; its own file is what starts it again.
      const executable = process.env['APPIMAGE'] ?? process.execPath;
      await setAutostartEntry(join(configHome, 'autostart'), executable, enabled);
    } else {
      app.setLoginItemSettings({ openAtLogin: enabled });
    }
  } catch (error) {
    logger.warn(`could not ${enabled ? 'add' : 'remove'} the login item`, error);
  }
}
