// The Electron host: a thin shell around the engine. The tray, windows and the IPC bridge grow
// here; the detection itself stays in the engine, which the command line runs without Electron.
import { homedir } from 'node:os';
import { join } from 'node:path';

import { app, Menu, Notification, nativeImage, Tray } from 'electron';

import { createStderrLogger } from '../engine/base/logger.ts';
import { resolveDataDir } from '../engine/data-dir.ts';
import { Engine } from '../engine/engine.ts';

const logger = createStderrLogger('info');

async function onReady(): Promise<void> {
  // The engine
  const engine = new Engine({
    dataDir: resolveDataDir(undefined),
    policyFile: null,
    logger,
    home: homedir(),
    env: process.env,
  });
  engine.onDidNotify((message) => {
    new Notification({ title: 'Copywarden', body: message }).show();
  });
  await engine.start();

  // The tray
  const icon = nativeImage.createFromPath(join(app.getAppPath(), 'assets', 'tray.png'));
  const tray = new Tray(icon);
  tray.setToolTip('Copywarden: protected');
  tray.setContextMenu(
    Menu.buildFromTemplate([{ label: 'Copywarden is protecting this computer', enabled: false }]),
  );

  // Shutdown
  app.on('before-quit', () => {
    tray.destroy();
    void engine.dispose();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    // A tray application keeps running without windows.
  });
  app.whenReady().then(onReady, (error: unknown) => {
    logger.error('[Host]: could not start', error);
    app.exit(1);
  });
}
