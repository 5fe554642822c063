import { ipcMain, type IpcMainInvokeEvent } from 'electron';

import { toDisposable, type Disposable } from '../../engine/base/disposable.ts';
import { invokeChannels } from '../../../src-shared/ipc-channels.ts';
import type { IpcRouter } from './ipc-router.ts';
import type { IpcSender } from './ipc-sender.ts';

/**
 * Binds every call of the contract to `ipcMain`: the only place the host touches `ipcMain`
 * (lint-enforced). The router does the checking; a refusal reaches the renderer as a rejected
 * promise that says no more than "refused".
 */
export function bindIpcMain(router: IpcRouter): Disposable {
  const channels = Object.values(invokeChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const outcome = await router.invoke(channel, describeSender(event), payload);
      if (!outcome.ok) {
        throw new Error('Copywarden refused this request.');
      }
      return outcome.value;
    });
  }

  return toDisposable(() => {
    for (const channel of channels) {
      ipcMain.removeHandler(channel);
    }
  });
}

/** What the router needs to know about the sender of an Electron IPC event. */
function describeSender(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    contentsId: event.sender.id,
    isMainFrame: frame !== null && frame.parent === null,
    frameUrl: frame?.url ?? null,
  };
}
