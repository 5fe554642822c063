import { useEffect, useState } from 'react';

import type { PromptView } from '../../src-shared/bridge.ts';
import { useBridge } from '../bridge.ts';

/**
 * The pending prompts, oldest first: fetched once, then replaced by every change the host
 * sends. Null until the first answer arrives.
 */
export function usePrompts(): PromptView[] | null {
  const bridge = useBridge();
  const [prompts, setPrompts] = useState<PromptView[] | null>(null);

  useEffect(() => {
    // Listen first, so that no change between the fetch and the subscription is lost
    let changed = false;
    const unsubscribe = bridge.onPromptsChange((next) => {
      changed = true;
      setPrompts(next);
    });

    // A change that arrived meanwhile is newer than the fetch
    void bridge.getPrompts().then((fetched) => {
      if (!changed) {
        setPrompts(fetched);
      }
    });
    return unsubscribe;
  }, [bridge]);
  return prompts;
}
