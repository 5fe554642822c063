import { parseArgs } from 'node:util';

import type { ConsoleView } from '../../../src-shared/bridge.ts';

/** The desktop host's command line. */
export interface HostArguments {
  /** `--policy FILE`: a local policy file (managed policy, where present, wins over it). */
  policyFile: string | null;
  /** `--data-dir DIR`: the engine's data directory; by default the per-user state folder. */
  dataDir: string | undefined;
  /** `--open status|log`: open the console on that view at start. */
  open: ConsoleView | null;
}

/**
 * Reads the host's options from `argv` (Electron's own switches and the app path are ignored).
 * An unknown `--open` view is ignored rather than fatal: a tray app must still start.
 */
export function parseHostArguments(argv: readonly string[]): HostArguments {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'string' },
    },
  });
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;

  const open = text(values['open']);
  return {
    policyFile: text(values['policy']) ?? null,
    dataDir: text(values['data-dir']),
    open: open === 'status' || open === 'log' ? open : null,
  };
}
