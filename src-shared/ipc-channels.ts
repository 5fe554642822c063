import type { ActivityEvent } from './activity-event.ts';
import type {
  AnswerRequest,
  AnswerResult,
  ConsoleView,
  ExportResult,
  LogFilters,
  LogIntegrity,
  LogPage,
  LogQuery,
  PromptView,
  StatusView,
} from './bridge.ts';

/**
 * The IPC contract between the preload and the host. Only these two sides import this file:
 * the renderer talks to the `CopywardenBridge` object and never sees a channel name.
 */

/** Calls from the renderer to the host (`ipcRenderer.invoke`), one payload argument each. */
export interface InvokeContract {
  getStatus: { request: undefined; response: StatusView };
  queryLog: { request: LogQuery; response: LogPage };
  verifyLog: { request: undefined; response: LogIntegrity };
  exportLog: { request: LogFilters; response: ExportResult };
  getPrompts: { request: undefined; response: PromptView[] };
  answerPrompt: { request: AnswerRequest; response: AnswerResult };
}

/** Messages from the host to the renderer (`webContents.send`), one payload each. */
export interface PushContract {
  event: ActivityEvent;
  prompts: PromptView[];
  showView: ConsoleView;
}

export type InvokeName = keyof InvokeContract;
export type PushName = keyof PushContract;
export type InvokeRequest<Name extends InvokeName> = InvokeContract[Name]['request'];
export type InvokeResponse<Name extends InvokeName> = InvokeContract[Name]['response'];

/** The channel of each call. */
export const invokeChannels: Readonly<Record<InvokeName, string>> = {
  getStatus: 'copywarden:status:get',
  queryLog: 'copywarden:log:query',
  verifyLog: 'copywarden:log:verify',
  exportLog: 'copywarden:log:export',
  getPrompts: 'copywarden:prompts:get',
  answerPrompt: 'copywarden:prompts:answer',
};

/** The channel of each message from the host. */
export const pushChannels: Readonly<Record<PushName, string>> = {
  event: 'copywarden:event',
  prompts: 'copywarden:prompts',
  showView: 'copywarden:show-view',
};

/** The call a channel carries; undefined for a channel this contract does not name. */
export function invokeNameOf(channel: string): InvokeName | undefined {
  const names = Object.keys(invokeChannels) as InvokeName[];
  return names.find((name) => invokeChannels[name] === channel);
}
