import { describe, expect, it } from 'vitest';

import { IpcRouter, type InvokeHandlers } from '../../src-main/app/ipc/ipc-router.ts';
import type { IpcSender } from '../../src-main/app/ipc/ipc-sender.ts';
import { createMemoryLogger } from '../../src-main/engine/base/logger.ts';
import { maxJustificationLength as engineMaxJustificationLength } from '../../src-main/engine/actions/prompt.ts';
import { maxJustificationLength } from '../../src-shared/bridge.ts';
import { invokeChannels } from '../../src-shared/ipc-channels.ts';

const appOrigin = 'app://copywarden';
const ownContentsId = 7;
const ownSender: IpcSender = {
  contentsId: ownContentsId,
  isMainFrame: true,
  frameUrl: `${appOrigin}/index.html#prompt`,
};
const promptId = '0b6f3a0e-7c61-4d2f-9a53-0e1f8f7e2a11';

/** A router whose handlers record the requests that reach them. */
function routerWithRecorder() {
  const logger = createMemoryLogger();
  const reached: unknown[] = [];
  const record =
    <T>(value: T) =>
    (request: unknown) => {
      reached.push(request);
      return Promise.resolve(value);
    };
  const handlers = {
    getStatus: record(null),
    queryLog: record({ records: [], nextCursor: null }),
    verifyLog: record(null),
    exportLog: record(null),
    getPrompts: record([]),
    answerPrompt: record({ ok: true, files: [] }),
  } as unknown as InvokeHandlers;
  const router = new IpcRouter({
    handlers,
    senders: { isOwnContents: (id) => id === ownContentsId, origin: appOrigin },
    logger,
  });
  const refusals = () =>
    logger.records.filter((entry) => entry.level === 'warn' && entry.tag === 'Ipc');
  return { router, reached, refusals };
}

describe('IpcRouter', () => {
  it('runs a call from its own window with a valid payload', async () => {
    const { router, reached, refusals } = routerWithRecorder();
    const answer = {
      promptId,
      answer: { kind: 'justify', reason: 'Approved', text: 'ticket 4711' },
    };

    const outcome = await router.invoke(invokeChannels.answerPrompt, ownSender, answer);

    expect(outcome).toEqual({ ok: true, value: { ok: true, files: [] } });
    expect(reached).toEqual([answer]);
    expect(refusals()).toHaveLength(0);
  });

  it('refuses and logs a sender that is not a window this app created', async () => {
    const { router, reached, refusals } = routerWithRecorder();

    const outcome = await router.invoke(
      invokeChannels.getPrompts,
      { ...ownSender, contentsId: 99 },
      undefined,
    );

    expect(outcome).toMatchObject({
      ok: false,
      refusal: expect.stringContaining('not a window') as string,
    });
    expect(reached).toHaveLength(0);
    expect(refusals()[0]?.message).toContain('web contents 99');
  });

  it('refuses a message from a sub-frame of its own window', async () => {
    const { router, reached, refusals } = routerWithRecorder();

    const outcome = await router.invoke(
      invokeChannels.getStatus,
      { ...ownSender, isMainFrame: false },
      undefined,
    );

    expect(outcome).toMatchObject({ ok: false, refusal: 'the message came from a sub-frame' });
    expect(reached).toHaveLength(0);
    expect(refusals()).toHaveLength(1);
  });

  it('refuses its own window once it shows a page of another origin', async () => {
    const { router, reached } = routerWithRecorder();
    const foreignPages = [
      'https://attacker.example/x',
      'app://copywarden.evil/index.html',
      'file:///tmp/x.html',
      null,
    ];

    const outcomes = await Promise.all(
      foreignPages.map((frameUrl) =>
        router.invoke(invokeChannels.getStatus, { ...ownSender, frameUrl }, undefined),
      ),
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false, false]);
    expect(reached).toHaveLength(0);
  });

  it('refuses a channel the contract does not name', async () => {
    const { router, refusals } = routerWithRecorder();

    const outcome = await router.invoke('copywarden:quarantine:purge', ownSender, { id: 'x' });

    expect(outcome).toEqual({ ok: false, refusal: 'no such call' });
    expect(refusals()).toHaveLength(1);
  });

  it.each([
    ['a payload where none is expected', invokeChannels.getStatus, { sneaky: true }],
    ['a missing payload', invokeChannels.answerPrompt, undefined],
    [
      'a prompt id that is not a UUID',
      invokeChannels.answerPrompt,
      { promptId: '../x', answer: { kind: 'cancel' } },
    ],
    [
      'an unknown answer kind',
      invokeChannels.answerPrompt,
      { promptId, answer: { kind: 'release-all' } },
    ],
    [
      'an extra field',
      invokeChannels.answerPrompt,
      { promptId, answer: { kind: 'cancel' }, purge: true },
    ],
    ['a page larger than allowed', invokeChannels.queryLog, { limit: 1_000_000 }],
    ['a forged cursor', invokeChannels.queryLog, { cursor: "s1' OR 1=1" }],
    ['an unknown risk', invokeChannels.queryLog, { risk: 'extreme' }],
    ['a search of 10 000 characters', invokeChannels.exportLog, { search: 'x'.repeat(10_000) }],
  ])('refuses and logs %s', async (_case, channel, payload) => {
    const { router, reached, refusals } = routerWithRecorder();

    const outcome = await router.invoke(channel, ownSender, payload);

    expect(outcome).toMatchObject({
      ok: false,
      refusal: expect.stringContaining('malformed payload') as string,
    });
    expect(reached).toHaveLength(0);
    expect(refusals()).toHaveLength(1);
  });

  it('refuses a justification longer than the engine accepts', async () => {
    const { router, reached, refusals } = routerWithRecorder();
    const text = 'x'.repeat(maxJustificationLength + 1);

    const outcome = await router.invoke(invokeChannels.answerPrompt, ownSender, {
      promptId,
      answer: { kind: 'justify', reason: 'Approved', text },
    });

    expect(maxJustificationLength).toBe(engineMaxJustificationLength);
    expect(outcome).toMatchObject({
      ok: false,
      refusal: expect.stringContaining('answer.text') as string,
    });
    expect(reached).toHaveLength(0);
    expect(refusals()).toHaveLength(1);
  });
});
