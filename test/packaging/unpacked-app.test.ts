import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';
import { writeStandInElectron } from './support/stand-in-electron.ts';

const run = promisify(execFile);

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(await readFile(join(projectDir, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The helper the Linux package must carry as a real file (built by `npm run build:native`). */
const watchHelper = join(projectDir, 'native/build/copywarden-watch');

/** Where the host loads its preload and renderer from (src-main/app/main.ts, vite.config.ts). */
const preloadEntry = 'dist/preload/preload.cjs';
const rendererEntry = 'dist/src-renderer/index.html';

/** Building the app and packaging it take about half a minute on a development machine. */
const buildTimeoutMs = 150_000;

/**
 * The app as a `--dir` build packages it for Linux, against a stand-in Electron: what goes into
 * app.asar and beside it is exactly what an installer would carry, without the installer.
 */
describe.runIf(canRun({ tools: ['cc'] }))('the unpacked Linux app', () => {
  let output: TempDirectory;
  let resources: string;
  let entries: string[];

  beforeAll(async () => {
    output = await createTempDirectory();

    // Build what the app is made of, then package it
    await run('npm', ['run', 'build'], { cwd: projectDir, timeout: buildTimeoutMs });
    await access(watchHelper).catch(() => run('npm', ['run', 'build:native'], { cwd: projectDir }));
    const electronDist = join(output.path, 'electron');
    await writeStandInElectron(electronDist);
    await run(
      join(projectDir, 'node_modules/.bin/electron-builder'),
      [
        '--dir',
        '--linux',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${join(output.path, 'release')}`,
      ],
      {
        cwd: projectDir,
        timeout: buildTimeoutMs,
        env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      },
    );

    resources = join(output.path, 'release/linux-unpacked/resources');
    entries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((entry) =>
      entry.slice(1),
    );
  }, buildTimeoutMs * 2);
  afterAll(() => output.dispose());

  it('holds the main process entry the package names, the preload and the renderer', () => {
    expect(entries).toContain(packageJson.main);
    expect(entries).toContain(preloadEntry);
    expect(entries).toContain(rendererEntry);
    expect(entries).toContain('dist/src-main/cli/main.js');
  });

  it('holds every script and style the renderer page loads', () => {
    const page = extractFile(join(resources, 'app.asar'), rendererEntry).toString('utf8');
    const references = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );

    expect(references.length).toBeGreaterThan(0);
    expect(
      references.filter((reference) => !entries.includes(`dist/src-renderer/${reference}`)),
    ).toEqual([]);
  });

  it('carries the watch helper as an executable resource beside app.asar', async () => {
    const packaged = join(resources, 'copywarden-watch');

    await access(packaged, constants.X_OK);
    expect((await readFile(packaged)).equals(await readFile(watchHelper))).toBe(true);
  });

  it('holds the production dependencies, with the native addon unpacked', async () => {
    for (const name of Object.keys(packageJson.dependencies)) {
      expect(entries, name).toContain(`node_modules/${name}/package.json`);
    }
    await access(
      join(resources, 'app.asar.unpacked/node_modules/drivelist/build/Release/drivelist.node'),
    );
  });

  it('holds no development dependency, test, fixture, TypeScript source or source map', () => {
    const devOnly = Object.keys(packageJson.devDependencies).filter(
      (name) => !(name in packageJson.dependencies),
    );

    expect(devOnly.filter((name) => entries.includes(`node_modules/${name}/package.json`))).toEqual(
      [],
    );
    expect(entries.filter((entry) => /\.(ts|mts|cts|map)$/.test(entry))).toEqual([]);
    expect(
      entries.filter((entry) => /(^|\/)(test|tests|__tests__|spec|fixtures)(\/|$)/.test(entry)),
    ).toEqual([]);
    expect(
      entries.filter((entry) =>
        /^(test|src-main|src-renderer|src-shared|native|bench|deploy|docs)\//.test(entry),
      ),
    ).toEqual([]);
    expect(entries.filter((entry) => entry.startsWith('dist/src-main/deploy/'))).toEqual([]);
  });

  it('has no update configuration and the fuses of a managed agent', async () => {
    const fuses = await getCurrentFuseWire(join(output.path, 'release/linux-unpacked/copywarden'));
    const disabled = '0'.charCodeAt(0);
    const enabled = '1'.charCodeAt(0);

    await expect(access(join(resources, 'app-update.yml'))).rejects.toThrow();
    expect(fuses[FuseV1Options.RunAsNode]).toBe(disabled);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(disabled);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(disabled);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(enabled);
  });
});
