import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { _electron as electron } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { createTempDirectory } from '../support/temp.ts';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real Electron app, launched by Playwright. Electron's binary cannot be downloaded or run
 * on every machine that runs the other tests (it needs its download and a display), so this
 * test runs only where COPYWARDEN_ELECTRON_E2E=1 says it can; see the README.
 */
describe.runIf(process.env['COPYWARDEN_ELECTRON_E2E'] === '1')('the Electron app', () => {
  beforeAll(async () => {
    await run('npm', ['run', 'build'], { cwd: repository });
  }, 120_000);

  it('opens the status window with the bridge as the page’s only way out', async () => {
    const work = await createTempDirectory();
    const policyFile = join(work.path, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ version: 1, cloudSync: { monitor: false } }));
    const app = await electron.launch({
      args: [
        repository,
        '--open',
        'status',
        '--policy',
        policyFile,
        '--data-dir',
        join(work.path, 'data'),
      ],
      env: { ...process.env, HOME: work.path },
    });

    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { level: 1 }).waitFor();
      const exposed = await window.evaluate(() => {
        const page = globalThis as Record<string, unknown>;
        return [typeof page['copywarden'], typeof page['require'], typeof page['process']];
      });
      const windowCount = await app.evaluate(
        ({ BrowserWindow }) => BrowserWindow.getAllWindows().length,
      );

      expect(new URL(window.url()).protocol).toBe('app:');
      expect(exposed).toEqual(['object', 'undefined', 'undefined']);
      expect(windowCount).toBe(1);
    } finally {
      await app.close();
      await work.dispose();
    }
  });
});
