// The preload of every Copywarden window. It runs sandboxed, with context isolation, and exposes
// exactly one object: the bridge. Vite bundles it into one CommonJS file (vite.preload.config.ts)
// because a sandboxed preload can require nothing but `electron`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { createBridge } from './create-bridge.ts';

const bridge = createBridge({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    // The event object stays here: it would hand the renderer `ipcRenderer` itself.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => {
      listener(payload);
    };
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('copywarden', bridge);
