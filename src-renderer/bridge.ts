import type { CopywardenBridge } from '../src-shared/bridge.ts';

/** The bridge the preload exposed; the renderer reaches the engine through nothing else. */
export function getBridge(): CopywardenBridge {
  const bridge = (globalThis as { copywarden?: CopywardenBridge }).copywarden;
  if (bridge === undefined) {
    throw new Error(
      'The Copywarden bridge is missing: this page must run in the Copywarden window.',
    );
  }
  return bridge;
}
