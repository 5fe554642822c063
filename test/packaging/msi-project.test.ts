import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DOMParser, onWarningStopParsing, type Element } from '@xmldom/xmldom';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { addAutostart } from '../../build/msi/add-autostart.js';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

const require = createRequire(import.meta.url);
const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The WiX project of the MSI, as electron-builder's own MsiTarget writes it for our `msi`
 * options, with the msiProjectCreated hook applied. WiX itself cannot run here; what can be
 * checked is that the project is per machine, starts nothing after installing, and that the
 * hook's Run key lands in the product's components and refers to the real main executable.
 */
describe('the MSI project', () => {
  let appOutDir: TempDirectory;
  beforeEach(async () => {
    appOutDir = await createTempDirectory();
    await mkdir(join(appOutDir.path, 'resources'));
    await writeFile(join(appOutDir.path, 'Copywarden.exe'), '');
    await writeFile(join(appOutDir.path, 'resources', 'app.asar'), '');
  });
  afterEach(() => appOutDir.dispose());

  it('installs per machine and runs nothing after a silent install', async () => {
    const project = await renderMsiProject(appOutDir.path);

    expect(project).toMatch(/<Property Id="ALLUSERS" Secure="yes" Value="1"\/>/);
    expect(project).not.toContain('runAfterFinish');
    expect(project).toContain('UpgradeCode="7DF74E39-352E-4A54-8B43-169E96895DD3"');
  });

  it('gains a Run key for every user from the hook, inside the product components', async () => {
    const project = addAutostart(await renderMsiProject(appOutDir.path));

    const document = new DOMParser({ onError: onWarningStopParsing }).parseFromString(
      project,
      'application/xml',
    );
    const group = byAttribute(
      document.getElementsByTagName('ComponentGroup'),
      'Id',
      'ProductComponents',
    );
    const value = group?.getElementsByTagName('RegistryValue').item(0);
    const executable = byAttribute(document.getElementsByTagName('File'), 'Id', 'mainExecutable');

    expect(value?.getAttribute('Root')).toBe('HKLM');
    expect(value?.getAttribute('Key')).toBe('Software\\Microsoft\\Windows\\CurrentVersion\\Run');
    expect(value?.getAttribute('Value')).toBe('"[#mainExecutable]"');
    expect(executable?.getAttribute('Name')).toBe('Copywarden.exe');
  });

  it('refuses a project without the product components instead of building without autostart', () => {
    expect(() => addAutostart('<Wix><Product/></Wix>')).toThrow(/ProductComponents/);
  });
});

/**
 * Renders project.wxs with electron-builder's MsiTarget and the repository's configuration. The
 * packager is reduced to what MsiTarget reads; internal API, so an electron-builder upgrade may
 * need this adjusted.
 */
async function renderMsiProject(appOutDir: string): Promise<string> {
  // Loading the package first resolves app-builder-lib's import cycle
  require('app-builder-lib');
  const { default: MsiTarget } = require('app-builder-lib/out/targets/MsiTarget.js') as {
    default: MsiTargetClass;
  };
  const { getEffectiveOptions } =
    require('app-builder-lib/out/options/CommonWindowsInstallerConfiguration.js') as {
      getEffectiveOptions: (options: unknown, packager: unknown) => unknown;
    };
  const config = await getConfig(projectDir, null, null);
  const packager = {
    config,
    platformSpecificBuildOptions: config.win,
    appInfo: {
      productFilename: config.productName,
      productName: config.productName,
      sanitizedProductName: config.productName,
      id: config.appId,
      companyName: 'Copywarden',
      description: 'Copywarden',
      getVersionInWeirdWindowsForm: () => '0.1.0.0',
    },
    getIconPath: () => Promise.resolve(null),
    compression: 'normal',
    fileAssociations: [],
    expandMacro: (text: string) => text,
  };

  const target = new MsiTarget(packager, appOutDir);
  const x64 = 1;
  return target.writeManifest(appOutDir, x64, getEffectiveOptions(target.options, packager));
}

interface MsiTargetClass {
  new (
    packager: unknown,
    outDir: string,
  ): {
    options: unknown;
    writeManifest(appOutDir: string, arch: number, options: unknown): Promise<string>;
  };
}

function byAttribute(
  list: { length: number; item(index: number): Element | null },
  name: string,
  value: string,
): Element | null {
  for (let index = 0; index < list.length; index++) {
    const element = list.item(index);
    if (element?.getAttribute(name) === value) {
      return element;
    }
  }
  return null;
}
