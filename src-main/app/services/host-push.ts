import type { PushContract, PushName } from '../../../src-shared/ipc-channels.ts';
import { DisposableStore, type Disposable } from '../../engine/base/disposable.ts';
import type { HostEngine } from './host-api.ts';
import { buildPromptViews } from './prompt-views.ts';

/** Where the host's messages go: every window it created (or a test's page). */
export interface PushTarget {
  send<Name extends PushName>(name: Name, payload: PushContract[Name]): void;
}

/**
 * Forwards the engine's news to the renderer: each recorded event, and the pending prompts
 * whenever they change. A file's `held` event is recorded just after its prompt opens, so the
 * prompts are sent again then, now with the file's detection and reasons.
 */
export function forwardEngineNews(engine: HostEngine, target: PushTarget): Disposable {
  const store = new DisposableStore();
  const sendPrompts = (): void => {
    target.send('prompts', buildPromptViews(engine));
  };

  store.add(
    engine.onDidRecordEvent((event) => {
      target.send('event', event);
      if (event.outcome === 'held') {
        sendPrompts();
      }
    }),
  );
  store.add(engine.onDidChangePrompts(sendPrompts));
  return store;
}
