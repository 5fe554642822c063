import type { ConsoleView } from '../src-shared/bridge.ts';
import { ConsoleWindow } from './console/ConsoleWindow.tsx';
import { PromptWindow } from './prompt/PromptWindow.tsx';

/** What a window shows: the justification dialog, or the console on one of its views. */
export type WindowContent = { kind: 'prompt' } | { kind: 'console'; view: ConsoleView };

/** Reads the window's content from its URL's fragment (`#prompt`, `#status`, `#log`). */
export function viewFromHash(hash: string): WindowContent {
  switch (hash) {
    case '#prompt':
      return { kind: 'prompt' };
    case '#log':
      return { kind: 'console', view: 'log' };
    default:
      return { kind: 'console', view: 'status' };
  }
}

/** The root component of every Copywarden window. */
export function App({ content }: { content: WindowContent }) {
  return content.kind === 'prompt' ? (
    <PromptWindow />
  ) : (
    <ConsoleWindow initialView={content.view} />
  );
}
