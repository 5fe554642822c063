import Store from 'electron-store';

/** The desktop host's own settings (the engine's come from the policy). */
export interface HostSettings {
  /**
   * Start Copywarden when the user logs in. IT enables it with its deployment tooling; the
   * policy format has no such flag yet, so this host setting carries it until one exists.
   */
  startAtLogin: boolean;
}

/** Opens the host's settings (`host-settings.json` in Electron's user data folder). */
export function openHostSettings(): Store<HostSettings> {
  return new Store<HostSettings>({
    name: 'host-settings',
    defaults: { startAtLogin: false },
    schema: { startAtLogin: { type: 'boolean' } },
    clearInvalidConfig: true,
  });
}
