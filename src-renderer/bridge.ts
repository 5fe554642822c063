import { createContext, useContext } from 'react';

import type { CopywardenBridge } from '../src-shared/bridge.ts';

/** The bridge the preload exposed; the renderer reaches the host through nothing else. */
export function getBridge(): CopywardenBridge {
  const bridge = (globalThis as { copywarden?: CopywardenBridge }).copywarden;
  if (bridge === undefined) {
    throw new Error(
      'The Copywarden bridge is missing: this page must run in the Copywarden window.',
    );
  }
  return bridge;
}

/** Hands the bridge to the components (tests hand them one of their own). */
export const BridgeContext = createContext<CopywardenBridge | null>(null);

/** The bridge of the surrounding `BridgeContext`. */
export function useBridge(): CopywardenBridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) {
    throw new Error('useBridge needs a BridgeContext provider.');
  }
  return bridge;
}
