import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import type { IpcSender } from '../../../src-main/app/ipc/ipc-sender.ts';
import { IpcRouter } from '../../../src-main/app/ipc/ipc-router.ts';
import { createHostApi } from '../../../src-main/app/services/host-api.ts';
import { forwardEngineNews } from '../../../src-main/app/services/host-push.ts';
import { LogAccess } from '../../../src-main/app/services/log-access.ts';
import { createMemoryLogger, type LogRecord } from '../../../src-main/engine/base/logger.ts';
import { Engine } from '../../../src-main/engine/engine.ts';
import {
  pushChannels,
  type PushContract,
  type PushName,
} from '../../../src-shared/ipc-channels.ts';
import type { Disposable } from '../../../src-main/engine/base/disposable.ts';

/** What a desktop under test is made of. */
export interface DesktopOptions {
  context: BrowserContext;
  /** Where the built renderer is served, such as `http://127.0.0.1:41234`. */
  rendererOrigin: string;
  /** The bundled preload, run in each page as Electron would run it. */
  preloadSource: string;
  /** A folder for the engine's data, its policy and exports. */
  folder: string;
  /** The policy file's contents. */
  policy: object;
}

/** The engine, the host's IPC side over it, and the pages that play its windows. */
export interface Desktop {
  engine: Engine;
  dataDir: string;
  /** Where an export goes (the host would ask the user). */
  exportPath: string;
  /** Diagnostic records of the engine and the host, refusals included. */
  diagnostics: LogRecord[];
  /** Errors the pages reported: uncaught exceptions, console errors (CSP violations among them). */
  pageErrors: string[];
  /** Opens a page as the host opens a window: `#prompt`, `#status` or `#log`. */
  open(
    fragment: 'prompt' | 'status' | 'log',
    viewport?: { width: number; height: number },
  ): Promise<Page>;
  /** Stops the engine and closes the pages; a second call does nothing. */
  dispose(): Promise<void>;
}

/**
 * Starts a real engine and the host's real IPC side (router, sender checks, schemas, handlers)
 * and connects Chromium pages to it: the bundled preload runs in each page with an `electron`
 * module whose `ipcRenderer` calls a Playwright binding, so the renderer gets exactly the object
 * the preload exposes in Electron. Only the transport differs; every message still passes the
 * router.
 */
export async function startDesktop(options: DesktopOptions): Promise<Desktop> {
  // The engine, as the host builds it (the key in a file: there is no secret store here)
  const dataDir = join(options.folder, 'data');
  const policyFile = join(options.folder, 'policy.json');
  const exportDir = join(options.folder, 'exports');
  await mkdir(exportDir, { recursive: true });
  await writeFile(policyFile, JSON.stringify(options.policy));
  const logger = createMemoryLogger();
  const engine = new Engine({
    dataDir,
    policyFile,
    logger,
    home: options.folder,
    env: { HOME: options.folder },
  });
  await engine.start();

  // The host's side of IPC, with pages in the place of windows
  const pages = new Map<Page, number>();
  const exportPath = join(exportDir, 'activity.csv');
  const router = new IpcRouter({
    handlers: createHostApi({
      engine,
      dataDir,
      logAccess: new LogAccess(dataDir),
      startFailure: () => null,
      chooseExportPath: () => Promise.resolve(exportPath),
    }),
    senders: {
      isOwnContents: (id) => [...pages.values()].includes(id),
      origin: options.rendererOrigin,
    },
    logger,
  });
  await options.context.exposeBinding(
    '__copywardenIpc',
    async (source, channel: unknown, payload: unknown) => {
      const sender: IpcSender = {
        contentsId: pages.get(source.page) ?? -1,
        isMainFrame: source.frame === source.page.mainFrame(),
        frameUrl: source.frame.url(),
      };
      const outcome = await router.invoke(String(channel), sender, payload);
      if (!outcome.ok) {
        throw new Error('Copywarden refused this request.');
      }
      return outcome.value;
    },
  );
  await options.context.addInitScript({ content: preloadHarness(options.preloadSource) });
  const news: Disposable = forwardEngineNews(engine, {
    send: <Name extends PushName>(name: Name, payload: PushContract[Name]) => {
      for (const page of pages.keys()) {
        void deliver(page, pushChannels[name], payload);
      }
    },
  });

  const pageErrors: string[] = [];
  let disposed = false;
  return {
    engine,
    dataDir,
    exportPath,
    diagnostics: logger.records,
    pageErrors,
    open: async (fragment, viewport) => {
      const page = await options.context.newPage();
      pages.set(page, pages.size + 1);
      page.on('close', () => pages.delete(page));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // Chromium asks for a favicon the app does not have; Electron windows never do
        const favicon = message.location().url.endsWith('/favicon.ico');
        if (message.type() === 'error' && !favicon) {
          pageErrors.push(message.text());
        }
      });
      if (viewport !== undefined) {
        await page.setViewportSize(viewport);
      }
      await page.goto(`${options.rendererOrigin}/index.html#${fragment}`);
      return page;
    },
    dispose: async () => {
      if (disposed) {
        return;
      }
      disposed = true;
      await news.dispose();
      for (const page of pages.keys()) {
        await page.close();
      }
      await engine.dispose();
    },
  };
}

/** Hands a message to the page's `ipcRenderer` listeners, as `webContents.send` would. */
async function deliver(page: Page, channel: string, payload: unknown): Promise<void> {
  await page
    .evaluate(
      ([name, value]) => {
        (
          globalThis as unknown as { __copywardenDeliver(name: string, value: unknown): void }
        ).__copywardenDeliver(name, value);
      },
      [channel, payload] as const,
    )
    .catch(() => undefined);
}

/**
 * The script each page runs before its own: an `electron` module with `contextBridge` and an
 * `ipcRenderer` over the Playwright binding, then the bundled preload, unchanged, in a CommonJS
 * wrapper (as Electron runs a sandboxed preload).
 */
function preloadHarness(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, payload) => globalThis.__copywardenIpc(channel, payload),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
    },
    removeListener: (channel, listener) => { listeners.get(channel)?.delete(listener); },
  };
  const contextBridge = {
    exposeInMainWorld: (key, api) => {
      Object.defineProperty(globalThis, key, { value: Object.freeze(api) });
    },
  };
  Object.defineProperty(globalThis, '__copywardenDeliver', {
    value: (channel, payload) => {
      for (const listener of listeners.get(channel) ?? []) listener({}, payload);
    },
  });
  const require = (name) => {
    if (name === 'electron') return { ipcRenderer, contextBridge };
    throw new Error('A sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}
