import type { ProtectionState } from '../../../src-shared/bridge.ts';
import { toDisposable, type Disposable } from '../../engine/base/disposable.ts';
import type { HostEngine } from '../services/host-api.ts';

/** How often the state is worked out again without news (SIEM delivery changes silently). */
const recheckMs = 30_000;

/** How long after news the state is worked out, so that a burst of events costs one check. */
const settleMs = 500;

/**
 * Keeps the tray showing the current protection state: worked out again after each event,
 * each change of the prompts, and every half minute.
 */
export function keepTrayCurrent(
  engine: HostEngine,
  assess: () => ProtectionState,
  show: (state: ProtectionState) => void,
): Disposable {
  let settle: NodeJS.Timeout | undefined;
  const update = (): void => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      show(assess());
    }, settleMs);
  };

  show(assess());
  const onEvent = engine.onDidRecordEvent(update);
  const onPrompts = engine.onDidChangePrompts(update);
  const timer = setInterval(update, recheckMs);
  return toDisposable(() => {
    clearTimeout(settle);
    clearInterval(timer);
    void onEvent.dispose();
    void onPrompts.dispose();
  });
}
