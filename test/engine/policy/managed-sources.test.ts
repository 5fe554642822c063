import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { validatePolicyDocument } from '../../../src-main/engine/policy/load-policy.ts';
import {
  MacManagedPreferencesSource,
  macManagedPreferencePaths,
} from '../../../src-main/engine/policy/sources/macos-managed-source.ts';
import {
  WindowsRegistrySource,
  windowsPolicyKey,
} from '../../../src-main/engine/policy/sources/windows-registry-source.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

/**
 * Managed policy in the formats device management writes. The registry listing is the text
 * `reg query HKLM\SOFTWARE\Policies\Copywarden /s` prints (CRLF lines, four-space columns, DWORDs
 * in hex, REG_MULTI_SZ items joined by \0); the property list is a configuration profile payload
 * as installed under /Library/Managed Preferences (XML form).
 */
describe('WindowsRegistrySource', () => {
  it('reads the policy key: booleans and numbers from DWORDs, lists from REG_MULTI_SZ', async () => {
    const output = [
      '',
      windowsPolicyKey,
      '    version    REG_DWORD    0x1',
      '    nonBackupFiles    REG_SZ    ignore',
      '',
      `${windowsPolicyKey}\\removableVolumes`,
      '    monitor    REG_DWORD    0x1',
      '    action    REG_SZ    prompt',
      '    mountRoots    REG_MULTI_SZ    /media\\0/mnt/usb',
      '',
      `${windowsPolicyKey}\\cloudSync`,
      '    monitor    REG_DWORD    0x0',
      '',
      `${windowsPolicyKey}\\prompt`,
      '    timeoutSeconds    REG_DWORD    0x78',
      '    requireText    REG_DWORD    0x1',
      '',
    ].join('\r\n');
    const source = new WindowsRegistrySource((key) =>
      Promise.resolve(key === windowsPolicyKey ? output : null),
    );

    const reading = await source.read();
    const validated = reading.kind === 'document' ? validatePolicyDocument(reading.document) : null;

    expect(validated?.ok).toBe(true);
    const policy = validated?.ok === true ? validated.policy : null;
    expect(policy?.removableVolumes).toMatchObject({
      monitor: true,
      action: 'prompt',
      mountRoots: ['/media', '/mnt/usb'],
    });
    expect(policy?.cloudSync.monitor).toBe(false);
    expect(policy?.prompt).toMatchObject({ timeoutSeconds: 120, requireText: true });
    expect(policy?.nonBackupFiles).toBe('ignore');
  });

  it('reports no policy when the key does not exist', async () => {
    const source = new WindowsRegistrySource(() => Promise.resolve(null));

    expect(await source.read()).toEqual({ kind: 'absent' });
  });
});

describe('MacManagedPreferencesSource', () => {
  let folder: TempDirectory;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(() => folder.dispose());

  it('reads a configuration profile payload, preferring the per-user one', async () => {
    const [userPath, devicePath] = macManagedPreferencePaths('alice', folder.path);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(folder.path, 'alice'));
    await writeFile(devicePath ?? '', plist('<key>version</key><integer>1</integer>'));
    await writeFile(
      userPath ?? '',
      plist(`<key>version</key><integer>1</integer>
        <key>cloudSync</key><dict>
          <key>action</key><string>notify</string>
          <key>approvedFolders</key><array><string>/Users/alice/OneDrive - Acme</string></array>
        </dict>
        <key>prompt</key><dict><key>requireText</key><true/></dict>`),
    );

    const reading = await new MacManagedPreferencesSource([
      userPath ?? '',
      devicePath ?? '',
    ]).read();
    const validated = reading.kind === 'document' ? validatePolicyDocument(reading.document) : null;

    const policy = validated?.ok === true ? validated.policy : null;
    expect(policy?.cloudSync).toMatchObject({
      action: 'notify',
      approvedFolders: ['/Users/alice/OneDrive - Acme'],
    });
    expect(policy?.prompt.requireText).toBe(true);
  });

  it('reports a malformed property list as an error', async () => {
    const [userPath] = macManagedPreferencePaths('alice', folder.path);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(folder.path, 'alice'));
    await writeFile(userPath ?? '', '<?xml version="1.0"?><plist><dict><key>version</key>');

    const reading = await new MacManagedPreferencesSource([userPath ?? '']).read();

    expect(reading.kind).toBe('error');
  });
});

function plist(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>${body}</dict></plist>
`;
}
