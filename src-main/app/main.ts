// The Electron host: a thin shell around the engine, read top to bottom like a table of
// contents. The detection itself stays in the engine, which the command line runs without
// Electron; the host adds the tray, the windows, the IPC bridge and notifications.
import { homedir } from 'node:os';
import { join } from 'node:path';

import { app, dialog, safeStorage, session } from 'electron';

import { DisposableStore } from '../engine/base/disposable.ts';
import { createStderrLogger } from '../engine/base/logger.ts';
import { resolveDataDir } from '../engine/data-dir.ts';
import { Engine } from '../engine/engine.ts';
import { bindIpcMain } from './ipc/bind-ipc-main.ts';
import { IpcRouter } from './ipc/ipc-router.ts';
import { main as runCommandLine } from '../cli/main.ts';
import { commandLineArguments } from './platform/command-line-passthrough.ts';
import { parseHostArguments } from './platform/host-arguments.ts';
import { openHostSettings } from './platform/host-settings.ts';
import { chooseKeyProtector } from './platform/key-protector-choice.ts';
import { applyStartAtLogin } from './platform/login-item.ts';
import { showEngineNotifications } from './platform/notifications.ts';
import { createHostApi } from './services/host-api.ts';
import { forwardEngineNews } from './services/host-push.ts';
import { LogAccess } from './services/log-access.ts';
import { buildStatusView } from './services/status-view.ts';
import { HostTray } from './tray/host-tray.ts';
import { keepTrayCurrent } from './tray/keep-tray-current.ts';
import { registerAppScheme, serveRenderer } from './windows/app-protocol.ts';
import { denyNavigation, hardenSession } from './windows/harden.ts';
import { HostWindows } from './windows/host-windows.ts';
import { appOrigin } from './windows/renderer-files.ts';

const logger = createStderrLogger('info').child('Host');
const hostArguments = parseHostArguments(process.argv.slice(1));
const disposables = new DisposableStore();

async function start(): Promise<void> {
  // Security before any window exists
  hardenSession(session.defaultSession, logger);
  serveRenderer(session.defaultSession, join(app.getAppPath(), 'dist', 'src-renderer'), logger);

  // The engine, with the quarantine key in the platform's secret store
  const dataDir = resolveDataDir(hostArguments.dataDir);
  const engine = new Engine({
    dataDir,
    policyFile: hostArguments.policyFile,
    logger,
    home: homedir(),
    env: process.env,
    keyProtector: await chooseKeyProtector(dataDir, safeStorage, logger),
  });
  let startFailure: string | null = null;
  await engine.start().catch((error: unknown) => {
    startFailure = error instanceof Error ? error.message : String(error);
    logger.error('the engine could not start; the tray shows it as degraded', error);
  });
  disposables.add(engine);

  // Windows, and the IPC bridge they alone may use
  const windows = disposables.add(
    new HostWindows({
      preloadPath: join(app.getAppPath(), 'dist', 'preload', 'preload.cjs'),
      allowDevTools: !app.isPackaged,
    }),
  );
  const statusSources = { engine, dataDir, startFailure: () => startFailure };
  const router = new IpcRouter({
    handlers: createHostApi({
      ...statusSources,
      logAccess: new LogAccess(dataDir),
      chooseExportPath,
    }),
    senders: { isOwnContents: (id) => windows.isOwnContents(id), origin: appOrigin },
    logger,
  });
  disposables.add(bindIpcMain(router));
  disposables.add(forwardEngineNews(engine, windows));

  // The justification dialog opens whenever a prompt waits
  disposables.add(
    engine.onDidChangePrompts((prompts) => {
      if (prompts.length > 0) {
        windows.showPrompt();
      } else {
        windows.closePrompt();
      }
    }),
  );
  if (engine.pendingPrompts().length > 0) {
    windows.showPrompt();
  }

  // Tray, notifications, login item
  const tray = disposables.add(
    new HostTray({
      showConsole: (view) => {
        windows.showConsole(view);
      },
      showPrompt: () => {
        windows.showPrompt();
      },
      showAbout: () => {
        app.showAboutPanel();
      },
    }),
  );
  disposables.add(
    keepTrayCurrent(
      engine,
      () => buildStatusView(statusSources).protection,
      (state) => {
        tray.show(state);
      },
    ),
  );
  disposables.add(
    showEngineNotifications(engine, () => {
      windows.showConsole('log');
    }),
  );
  await applyStartAtLogin(app, openHostSettings().get('startAtLogin'), logger);

  // A second start (from the menu or the login item) opens the status view
  app.on('second-instance', () => {
    windows.showConsole('status');
  });
  if (hostArguments.open !== null) {
    windows.showConsole(hostArguments.open);
  }
}

/** Asks where to save a CSV export of the activity log. */
async function chooseExportPath(): Promise<string | null> {
  const day = new Date().toISOString().slice(0, 10);
  const result = await dialog.showSaveDialog({
    title: 'Export the activity log',
    defaultPath: join(app.getPath('documents'), `copywarden-activity-${day}.csv`),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  });
  return result.canceled || result.filePath === '' ? null : result.filePath;
}

// A command for administrators runs and exits; otherwise one instance per user, the sandbox for
// every renderer, and the app scheme before `ready`
const commandLine = commandLineArguments(process.argv.slice(1));
if (commandLine !== null) {
  void runCommandLine(commandLine).then((code) => {
    app.exit(code);
  });
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  denyNavigation(app, logger);
  app.setAboutPanelOptions({
    applicationName: 'Copywarden',
    applicationVersion: app.getVersion(),
    copyright: 'Apache License 2.0',
  });
  app.on('window-all-closed', () => {
    // A tray application keeps running without windows.
  });
  // Quit once the engine has stopped and recorded that it did
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) {
      return;
    }
    quitting = true;
    event.preventDefault();
    void disposables.dispose().finally(() => {
      app.exit(0);
    });
  });
  app.whenReady().then(start, (error: unknown) => {
    logger.error('could not start', error);
    app.exit(1);
  });
}
