import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';

import { BridgeContext } from '../../../src-renderer/bridge.ts';
import type { FakeBridge } from './fake-bridge.ts';

afterEach(cleanup);

/** Renders `ui` with `bridge` as the window's bridge. */
export function renderWithBridge(ui: ReactElement, bridge: FakeBridge): RenderResult {
  return render(<BridgeContext value={bridge}>{ui}</BridgeContext>);
}
