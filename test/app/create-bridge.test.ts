import { describe, expect, it } from 'vitest';

import { createBridge } from '../../src-main/preload/create-bridge.ts';
import { invokeChannels, pushChannels } from '../../src-shared/ipc-channels.ts';

/** A transport that records calls and lets the test deliver messages. */
function recordingTransport() {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    calls,
    listeners,
    transport: {
      invoke: (channel: string, payload: unknown) => {
        calls.push([channel, payload]);
        return Promise.resolve(`reply to ${channel}`);
      },
      subscribe: (channel: string, listener: (payload: unknown) => void) => {
        const set = listeners.get(channel) ?? new Set();
        set.add(listener);
        listeners.set(channel, set);
        return () => set.delete(listener);
      },
    },
    deliver: (channel: string, payload: unknown) => {
      for (const listener of listeners.get(channel) ?? []) {
        listener(payload);
      }
    },
  };
}

describe('createBridge', () => {
  it('sends each call on its own channel with exactly its payload', async () => {
    const { transport, calls } = recordingTransport();
    const bridge = createBridge(transport);

    const status = await bridge.getStatus();
    await bridge.queryLog({ risk: 'high', limit: 10 });
    await bridge.answerPrompt({ promptId: 'p', answer: { kind: 'cancel' } });

    expect(status).toBe(`reply to ${invokeChannels.getStatus}`);
    expect(calls).toEqual([
      [invokeChannels.getStatus, undefined],
      [invokeChannels.queryLog, { risk: 'high', limit: 10 }],
      [invokeChannels.answerPrompt, { promptId: 'p', answer: { kind: 'cancel' } }],
    ]);
  });

  it('delivers the host’s messages to subscribers until they unsubscribe', () => {
    const { transport, deliver, listeners } = recordingTransport();
    const bridge = createBridge(transport);
    const views: unknown[] = [];

    const unsubscribe = bridge.onShowView((view) => views.push(view));
    deliver(pushChannels.showView, 'log');
    unsubscribe();
    deliver(pushChannels.showView, 'status');

    expect(views).toEqual(['log']);
    expect(listeners.get(pushChannels.showView)?.size).toBe(0);
  });

  it('exposes only the methods of the contract, none of them named after a channel', () => {
    const bridge = createBridge(recordingTransport().transport);

    expect(Object.keys(bridge).sort()).toEqual([
      'answerPrompt',
      'exportLog',
      'getPrompts',
      'getStatus',
      'onEvent',
      'onPromptsChange',
      'onShowView',
      'queryLog',
      'verifyLog',
    ]);
  });
});
