import type { App, Session, WebContents } from 'electron';

import type { Logger } from '../../engine/base/logger.ts';

/**
 * Denies what no Copywarden page needs, for every web contents the app will ever have: new
 * windows, navigation away from the page, redirects, embedded webviews.
 */
export function denyNavigation(app: App, logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      logger.warn(`denied a new window for ${url.slice(0, 200)}`);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      logger.warn(`denied navigation to ${event.url.slice(0, 200)}`);
      event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      logger.warn(`denied a redirect to ${event.url.slice(0, 200)}`);
      event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      logger.warn('denied a webview');
      event.preventDefault();
    });
  });
}

/**
 * Denies every permission request and check (camera, notifications from pages, geolocation,
 * devices, ...), and every request for remote content: pages load only the app's own files.
 */
export function hardenSession(session: Session, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn(`denied the permission ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // No remote content: http(s) and web sockets are cancelled before they leave
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (details, callback) => {
      logger.warn(`blocked a request for ${details.url.slice(0, 200)}`);
      callback({ cancel: true });
    },
  );
}
