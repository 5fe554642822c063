import type { CopywardenBridge } from '../../src-shared/bridge.ts';
import {
  invokeChannels,
  pushChannels,
  type InvokeName,
  type InvokeRequest,
  type InvokeResponse,
  type PushContract,
  type PushName,
} from '../../src-shared/ipc-channels.ts';

/** The two things the bridge needs from `ipcRenderer`; the preload passes the real ones. */
export interface BridgeTransport {
  /** Sends a call and resolves with the host's reply. */
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Listens for messages on `channel`; returns a function that stops listening. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the one API object the renderer gets. Each method names its channel here, so that the
 * renderer never handles a channel name, and sends at most one payload argument.
 */
export function createBridge(transport: BridgeTransport): CopywardenBridge {
  const call = <Name extends InvokeName>(
    name: Name,
    request: InvokeRequest<Name>,
  ): Promise<InvokeResponse<Name>> =>
    transport.invoke(invokeChannels[name], request) as Promise<InvokeResponse<Name>>;

  const listen =
    <Name extends PushName>(name: Name) =>
    (listener: (payload: PushContract[Name]) => void): (() => void) =>
      transport.subscribe(pushChannels[name], (payload) => {
        listener(payload as PushContract[Name]);
      });

  return {
    getStatus: () => call('getStatus', undefined),
    queryLog: (query) => call('queryLog', query),
    verifyLog: () => call('verifyLog', undefined),
    exportLog: (filters) => call('exportLog', filters),
    getPrompts: () => call('getPrompts', undefined),
    answerPrompt: (request) => call('answerPrompt', request),
    onEvent: listen('event'),
    onPromptsChange: listen('prompts'),
    onShowView: listen('showView'),
  };
}
