import { useCallback, useEffect, useRef, useState } from 'react';

import { maxLogPageSize, type LogFilters, type LogRecord } from '../../src-shared/bridge.ts';
import { useBridge } from '../bridge.ts';

/** Events per page. */
const pageSize = 100;

/** How long after an activity event the loaded events are reloaded. */
const settleMs = 300;

/** The events loaded so far for a set of filters. */
export interface LogPages {
  records: LogRecord[];
  /** Whether older events remain to be loaded. */
  hasMore: boolean;
  loading: boolean;
  problem: string | null;
  loadMore: () => void;
}

/**
 * Loads the newest page of events matching `filters`, older pages on request, and loads the
 * same span again when new events are recorded. A newer load always wins.
 */
export function useLogPages(filters: LogFilters): LogPages {
  const bridge = useBridge();
  const [records, setRecords] = useState<LogRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const ticket = useRef(0);
  const loadedCount = useRef(pageSize);

  const load = useCallback(
    (query: { limit: number; cursor?: string }, append: boolean) => {
      const mine = ++ticket.current;
      setLoading(true);
      bridge.queryLog({ ...filters, ...query }).then(
        (page) => {
          if (mine !== ticket.current) {
            return;
          }
          setRecords((previous) => (append ? [...previous, ...page.records] : page.records));
          setCursor(page.nextCursor);
          setProblem(null);
          setLoading(false);
        },
        () => {
          if (mine === ticket.current) {
            setProblem('Copywarden could not read the activity log.');
            setLoading(false);
          }
        },
      );
    },
    [bridge, filters],
  );

  // The first page for these filters, and the same span again after new events
  useEffect(() => {
    loadedCount.current = pageSize;
    load({ limit: pageSize }, false);
    let settle: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bridge.onEvent(() => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        load({ limit: Math.min(loadedCount.current, maxLogPageSize) }, false);
      }, settleMs);
    });
    return () => {
      unsubscribe();
      clearTimeout(settle);
    };
  }, [bridge, load]);

  const loadMore = useCallback(() => {
    if (cursor !== null) {
      loadedCount.current += pageSize;
      load({ limit: pageSize, cursor }, true);
    }
  }, [cursor, load]);
  return { records, hasMore: cursor !== null, loading, problem, loadMore };
}
