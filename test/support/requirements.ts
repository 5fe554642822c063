import { execFileSync } from 'node:child_process';

/** True when tests run in CI, where a missing tool or privilege is a failure, not a skip. */
export const isCi = process.env['CI'] === 'true';

/** Whether this process runs as root. */
export const isRoot = process.getuid?.() === 0;

/** Whether `tool` is on the PATH. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "$0"`, tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Tells whether a test that needs root and `tools` can run here. Outside CI a missing need
 * skips the test (the caller passes the result to `describe.runIf`); in CI it throws, so that a
 * machine set up wrongly fails loudly instead of passing by skipping.
 */
export function canRun(needs: { root?: boolean; tools?: string[] }): boolean {
  const missing: string[] = [];
  if (needs.root === true && !isRoot) {
    missing.push('root');
  }
  for (const tool of needs.tools ?? []) {
    if (!hasTool(tool)) {
      missing.push(tool);
    }
  }

  if (missing.length > 0 && isCi) {
    throw new Error(`This test needs ${missing.join(', ')}, which CI must provide (see .ci/run).`);
  }
  return missing.length === 0;
}
