import { performance } from 'node:perf_hooks';

import type { Event } from '../base/emitter.ts';

/** When an event fired relative to the action that caused it. */
export interface ChangeLatency {
  /** From the start of the action to the event. */
  sinceActionStartMs: number;
  /**
   * From the end of the action to the event; negative when the event fired while the action was
   * still finishing (a mount tool that has mounted but not yet exited).
   */
  sinceActionEndMs: number;
  /** How long the action itself took. */
  actionDurationMs: number;
}

/**
 * Runs `action` and measures when `event` first fires after the action started. Rejects when the
 * event does not fire within `timeoutMs` of the action's end. Benchmarks and tests use it to time
 * mount detection.
 */
export async function measureChangeLatency(
  event: Event<void>,
  action: () => Promise<void>,
  timeoutMs: number,
): Promise<ChangeLatency> {
  // Listen before acting
  const observed: { firedAt: number | null } = { firedAt: null };
  let notify: () => void = () => undefined;
  const fired = new Promise<void>((resolve) => {
    notify = resolve;
  });
  const subscription = event(() => {
    observed.firedAt ??= performance.now();
    notify();
  });

  try {
    // Act
    const startedAt = performance.now();
    await action();
    const endedAt = performance.now();

    // Wait for the event
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    const outcome = await Promise.race([fired, timedOut]);
    clearTimeout(timer);
    const firedAt = observed.firedAt;
    if (outcome === 'timeout' || firedAt === null) {
      throw new Error(`No change was signalled within ${timeoutMs} ms of the action.`);
    }

    return {
      sinceActionStartMs: firedAt - startedAt,
      sinceActionEndMs: firedAt - endedAt,
      actionDurationMs: endedAt - startedAt,
    };
  } finally {
    void subscription.dispose();
  }
}
