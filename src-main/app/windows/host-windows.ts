import { BrowserWindow } from 'electron';

import type { ConsoleView } from '../../../src-shared/bridge.ts';
import type { PushContract, PushName } from '../../../src-shared/ipc-channels.ts';
import { pushChannels } from '../../../src-shared/ipc-channels.ts';
import type { Disposable } from '../../engine/base/disposable.ts';
import type { PushTarget } from '../services/host-push.ts';
import { appOrigin } from './renderer-files.ts';

/** What the windows need. */
export interface HostWindowsOptions {
  /** The bundled preload script (dist/preload/preload.cjs). */
  preloadPath: string;
  /** The window icon, where the platform shows one. */
  iconPath?: string;
  /** Developer tools: in development runs only, never in a packaged build. */
  allowDevTools: boolean;
}

/**
 * The app's two windows: the console (status and activity log) and the justification dialog.
 * Each exists at most once; asking again focuses it. They are the only senders the IPC router
 * answers, and the only receivers of the host's messages.
 */
export class HostWindows implements PushTarget, Disposable {
  readonly #options: HostWindowsOptions;
  #console: BrowserWindow | null = null;
  #prompt: BrowserWindow | null = null;

  constructor(options: HostWindowsOptions) {
    this.#options = options;
  }

  /** Whether `contentsId` is one of these windows' web contents. */
  isOwnContents(contentsId: number): boolean {
    return this.#windows().some((window) => window.webContents.id === contentsId);
  }

  /** Opens the console on `view`, or shows that view in the open console. */
  showConsole(view: ConsoleView): void {
    if (this.#console !== null) {
      this.#console.webContents.send(pushChannels.showView, view);
      this.#console.show();
      this.#console.focus();
      return;
    }
    const window = this.#create({ width: 1120, height: 780, title: 'Copywarden' }, view);
    window.on('closed', () => {
      this.#console = null;
    });
    this.#console = window;
  }

  /** Opens the justification dialog on top of other windows, or brings it forward. */
  showPrompt(): void {
    if (this.#prompt !== null) {
      this.#prompt.show();
      this.#prompt.focus();
      return;
    }
    const window = this.#create(
      { width: 760, height: 860, title: 'Copywarden', alwaysOnTop: true, minimizable: false },
      'prompt',
    );
    window.on('closed', () => {
      this.#prompt = null;
    });
    this.#prompt = window;
  }

  /** Closes the justification dialog (no prompt is left to answer). */
  closePrompt(): void {
    this.#prompt?.close();
  }

  send<Name extends PushName>(name: Name, payload: PushContract[Name]): void {
    for (const window of this.#windows()) {
      window.webContents.send(pushChannels[name], payload);
    }
  }

  dispose(): void {
    for (const window of this.#windows()) {
      window.destroy();
    }
  }

  #windows(): BrowserWindow[] {
    return [this.#console, this.#prompt].filter(
      (window): window is BrowserWindow => window !== null && !window.isDestroyed(),
    );
  }

  #create(
    shape: {
      width: number;
      height: number;
      title: string;
      alwaysOnTop?: boolean;
      minimizable?: boolean;
    },
    fragment: string,
  ): BrowserWindow {
    const window = new BrowserWindow({
      ...shape,
      show: false,
      ...(this.#options.iconPath !== undefined && { icon: this.#options.iconPath }),
      autoHideMenuBar: true,
      // Spelled out here, where a reviewer and Electronegativity look for them
      webPreferences: {
        // Reviewed: the preload exposes one typed object and no Electron or Node API.
        preload: this.#options.preloadPath, // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        spellcheck: false,
        // A middle click would open a link in a new window; nothing here needs it.
        disableBlinkFeatures: 'Auxclick',
        devTools: this.#options.allowDevTools,
      },
    });
    window.once('ready-to-show', () => {
      window.show();
    });
    void window.loadURL(`${appOrigin}/index.html#${fragment}`);
    return window;
  }
}
