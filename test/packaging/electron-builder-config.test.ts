import { fileURLToPath } from 'node:url';

import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { describe, expect, it } from 'vitest';

/**
 * The packaging configuration is checked offline with electron-builder's own validator, so a
 * mistake shows here instead of on the release machine.
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));

describe('electron-builder.yml', () => {
  it('passes electron-builder validation', async () => {
    const config = await getConfig(projectDir, null, null);

    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('org.copywarden.client');
  });

  it('ships the Linux watch helper as a resource beside the app', async () => {
    const config = await getConfig(projectDir, null, null);

    expect(config.linux?.extraResources).toEqual([
      { from: 'native/build/copywarden-watch', to: 'copywarden-watch' },
    ]);
  });

  it('rejects an unknown option, so that validation is not a formality', async () => {
    const config = await getConfig(projectDir, null, null);
    const misspelt = { ...config, appIdentifier: 'org.copywarden.client' };

    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /appIdentifier/,
    );
  });
});
