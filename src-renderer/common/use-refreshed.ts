import { useCallback, useEffect, useRef, useState } from 'react';

import { useBridge } from '../bridge.ts';

/** How long after an activity event a refresh starts, so that a burst causes one refresh. */
const settleMs = 300;

/** A value loaded from the host, with the reason when the last load failed. */
export interface Refreshed<T> {
  value: T | null;
  problem: string | null;
  /** Loads the value again now. */
  refresh: () => void;
}

/**
 * Loads a value from the host, and loads it again after activity events and every
 * `refreshMs`. A newer load always wins over an older one that finishes late.
 */
export function useRefreshed<T>(load: () => Promise<T>, refreshMs: number): Refreshed<T> {
  const bridge = useBridge();
  const [value, setValue] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const ticket = ++latest.current;
    load().then(
      (loaded) => {
        if (ticket === latest.current) {
          setValue(loaded);
          setProblem(null);
        }
      },
      () => {
        if (ticket === latest.current) {
          setProblem('Copywarden could not load this view.');
        }
      },
    );
  }, [load]);

  useEffect(() => {
    // Now, after events, and on a timer
    refresh();
    let settle: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bridge.onEvent(() => {
      clearTimeout(settle);
      settle = setTimeout(refresh, settleMs);
    });
    const timer = setInterval(refresh, refreshMs);
    return () => {
      unsubscribe();
      clearTimeout(settle);
      clearInterval(timer);
    };
  }, [bridge, refresh, refreshMs]);
  return { value, problem, refresh };
}
