import { Notification } from 'electron';

import type { Disposable } from '../../engine/base/disposable.ts';
import type { HostEngine } from '../services/host-api.ts';

/**
 * Shows the engine's messages for the user (a backup recorded, a backup moved into quarantine)
 * as native notifications; clicking one opens the activity log.
 */
export function showEngineNotifications(engine: HostEngine, onClick: () => void): Disposable {
  return engine.onDidNotify((message) => {
    if (!Notification.isSupported()) {
      return;
    }
    const notification = new Notification({ title: 'Copywarden', body: message });
    notification.on('click', onClick);
    notification.show();
  });
}
