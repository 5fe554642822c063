import { access, constants, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import { parse } from 'plist';
import { describe, expect, it } from 'vitest';

/**
 * The packaging configuration is checked offline with electron-builder's own validator, so a
 * mistake shows here instead of on the release machine; the choices that make silent, managed
 * deployment work are checked one by one.
 */
const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** The macros electron-builder fills into Linux install scripts (FpmTarget's template options). */
const linuxScriptMacros = new Set(['executable', 'sanitizedProductName', 'productFilename']);

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

  it('builds per-machine Windows installers that install silently and do not start as the installer', async () => {
    const config = await getConfig(projectDir, null, null);

    expect(config.win?.target).toEqual(['msi', 'nsis']);
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
    // File names without spaces, for msiexec command lines and scripts
    expect(config.msi?.artifactName).toBe('${productName}-${version}.${ext}');
    expect(config.nsis?.artifactName).toBe('${productName}-Setup-${version}.${ext}');
    expect(config.msi?.upgradeCode).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
    );
    expect(config.nsis).toMatchObject({
      perMachine: true,
      runAfterFinish: false,
      deleteAppDataOnUninstall: false,
    });
  });

  it('signs macOS builds with the hardened runtime and installs the PKG only into /Applications', async () => {
    const config = await getConfig(projectDir, null, null);

    expect(config.mac).toMatchObject({
      hardenedRuntime: true,
      notarize: true,
      target: ['pkg', 'dmg'],
    });
    expect(config.pkg).toMatchObject({ installLocation: '/Applications', isRelocatable: false });
  });

  it('grants the macOS app only the JIT entitlement Electron needs', async () => {
    const config = await getConfig(projectDir, null, null);
    const path = join(projectDir, config.mac?.entitlements ?? '');

    const entitlements = parse(await readFile(path, 'utf8'));

    expect(config.mac?.entitlementsInherit).toBe(config.mac?.entitlements);
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('has no update feed and no way to run the app binary as plain Node', async () => {
    const config = await getConfig(projectDir, null, null);

    expect(config.publish).toBeNull();
    expect(JSON.stringify(config)).not.toMatch(/"publish":\s*(?!null)/);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('keeps signing secrets out of the configuration and the build resources', async () => {
    const config = await getConfig(projectDir, null, null);
    const secretKeys = /csc|password|appleId|apiKey|certificate/i;
    const resources = await readdir(join(projectDir, 'build'), { recursive: true });

    const keys = [...JSON.stringify(config).matchAll(/"([^"]+)":/g)].map((match) => match[1] ?? '');

    expect(keys.filter((key) => secretKeys.test(key))).toEqual([]);
    expect(
      resources.filter((name) => /\.(p12|pfx|cer|p8|pem|key|provisionprofile)$/i.test(name)),
    ).toEqual([]);
  });

  it('runs Linux install scripts that exist, are executable and use only macros electron-builder defines', async () => {
    const config = await getConfig(projectDir, null, null);
    const scripts = [
      config.deb?.afterInstall,
      config.deb?.afterRemove,
      config.rpm?.afterInstall,
      config.rpm?.afterRemove,
    ];

    for (const script of scripts) {
      const path = join(projectDir, script ?? 'missing');
      await access(path, constants.X_OK);
      const macros = [...(await readFile(path, 'utf8')).matchAll(/\$\{([a-zA-Z]+)\}/g)].map(
        (match) => match[1] ?? '',
      );
      expect(
        macros.filter((macro) => !linuxScriptMacros.has(macro)),
        path,
      ).toEqual([]);
    }
  });

  // electron-builder's deb and rpm targets require a homepage and an author with an e-mail
  // address (fpm's --url and --maintainer).
  it('has the package metadata deb and rpm require', async () => {
    const config = await getConfig(projectDir, null, null);
    const metadata = {
      ...(JSON.parse(await readFile(join(projectDir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >),
      ...config.extraMetadata,
    } as { homepage?: string; author?: { email?: string } | string };
    const maintainer = config.linux?.maintainer ?? config.deb?.maintainer;
    const authorEmail =
      typeof metadata.author === 'object'
        ? metadata.author.email
        : /<[^>]+@[^>]+>/.exec(metadata.author ?? '')?.[0];

    expect(metadata.homepage).toMatch(/^https:\/\//);
    expect(maintainer ?? authorEmail).toBeTruthy();
  });

  it('includes the macOS install script as an executable file', async () => {
    await expect(
      access(join(projectDir, 'build', 'pkg-scripts', 'postinstall'), constants.X_OK),
    ).resolves.toBeUndefined();
  });
});
