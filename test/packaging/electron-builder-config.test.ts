import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

/**
 * The packaging configuration is checked offline with electron-builder's own validator, so a
 * mistake shows here instead of on the release machine.
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));

interface ConfigModule {
  getConfig(
    projectDir: string,
    configPath: string | null,
    options: null,
  ): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
}

async function loadConfigModule(): Promise<ConfigModule> {
  const { DebugLogger } = (await import('builder-util/out/DebugLogger.js')) as {
    DebugLogger: new (enabled: boolean) => unknown;
  };
  const module = (await import('app-builder-lib/out/util/config/config.js')) as ConfigModule;
  return {
    getConfig: module.getConfig,
    validateConfiguration: (config) => module.validateConfiguration(config, new DebugLogger(false)),
  };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder validation', async () => {
    const { getConfig, validateConfiguration } = await loadConfigModule();

    const config = await getConfig(projectDir, null, null);

    await expect(validateConfiguration(config, null)).resolves.toBeUndefined();
    expect(config['appId']).toBe('org.copywarden.client');
  });

  it('ships the Linux watch helper as a resource beside the app', async () => {
    const { getConfig } = await loadConfigModule();

    const config = await getConfig(projectDir, null, null);

    expect((config['linux'] as { extraResources: unknown }).extraResources).toEqual([
      { from: 'native/build/copywarden-watch', to: 'copywarden-watch' },
    ]);
  });

  it('rejects an unknown option, so that validation is not a formality', async () => {
    const { getConfig, validateConfiguration } = await loadConfigModule();
    const config = await getConfig(projectDir, null, null);

    await expect(validateConfiguration({ ...config, notAnOption: true }, null)).rejects.toThrow();
  });
});
