import { describe, expect, it } from 'vitest';

import { mergeFolders } from '../../../../src-main/engine/destinations/sync/folder-merge.ts';
import {
  parseIni,
  unescapeQtValue,
} from '../../../../src-main/engine/destinations/sync/ini-file.ts';
import {
  parseXattrRun,
  providerFromDomainId,
} from '../../../../src-main/engine/destinations/sync/mac-extended-attributes.ts';
import {
  providerFromName,
  providerSlug,
} from '../../../../src-main/engine/destinations/sync/provider-names.ts';
import type { SyncFolder } from '../../../../src-main/engine/destinations/sync/sync-context.ts';
import { parseWhoamiUser } from '../../../../src-main/engine/destinations/sync/windows-user.ts';

describe('parseIni', () => {
  it('reads sections and keys, skipping and counting odd lines', () => {
    const { ini, skippedLines } = parseIni(
      'top=1\n; comment\n[Accounts]\n0\\url = https://x\nodd line\n[Empty]\n',
    );

    expect(ini.get('')?.get('top')).toBe('1');
    expect(ini.get('Accounts')?.get('0\\url')).toBe('https://x');
    expect(ini.has('Empty')).toBe(true);
    expect(skippedLines).toBe(1);
  });
});

describe('unescapeQtValue', () => {
  it('undoes QSettings quoting and escapes', () => {
    expect(unescapeQtValue('"/home/a/Projects, 2024/"')).toBe('/home/a/Projects, 2024/');
    expect(unescapeQtValue('C:\\\\Users\\\\a')).toBe('C:\\Users\\a');
    expect(unescapeQtValue('caf\\xe9')).toBe('café');
    expect(unescapeQtValue('"unterminated')).toBe('"unterminated');
  });
});

describe('parseXattrRun', () => {
  it('tells a present, an absent and an unreadable attribute apart', () => {
    expect(
      parseXattrRun({ exitCode: 0, stdout: 'com.google.drivefs.fpext/1\n', stderr: '' }),
    ).toEqual({
      state: 'present',
      value: 'com.google.drivefs.fpext/1',
    });
    expect(
      parseXattrRun({
        exitCode: 1,
        stdout: '',
        stderr: 'xattr: /x: No such xattr: com.apple.file-provider-domain-id',
      }),
    ).toEqual({ state: 'absent' });
    expect(
      parseXattrRun({ exitCode: 1, stdout: '', stderr: 'xattr: [Errno 13] Permission denied' }),
    ).toMatchObject({
      state: 'unavailable',
    });
  });

  it('names the provider of a domain id by its extension', () => {
    expect(providerFromDomainId('com.google.drivefs.fpext/117')).toBe('google-drive');
    expect(providerFromDomainId('com.example.sshdrive/nas')).toBeNull();
  });
});

describe('providerFromName', () => {
  it('maps registration names to known providers and leaves others to a slug', () => {
    expect(providerFromName('OneDrive - Personal')).toBe('onedrive');
    expect(providerFromName('GoogleDrive-a@b.com')).toBe('google-drive');
    expect(providerFromName('iCloudPhotos')).toBe('icloud');
    expect(providerFromName('Box-Box')).toBe('box');
    expect(providerFromName('Boxcryptor')).toBeNull();
    expect(providerSlug('Creative Cloud Files')).toBe('creative-cloud-files');
  });
});

describe('parseWhoamiUser', () => {
  it('reads the SID of whoami /user /fo csv /nh', () => {
    expect(
      parseWhoamiUser('"desktop-7\\alice","S-1-5-21-1004336348-1177238915-682003330-1001"\r\n'),
    ).toBe('S-1-5-21-1004336348-1177238915-682003330-1001');
    expect(parseWhoamiUser('ERROR: access denied')).toBeNull();
  });
});

describe('mergeFolders', () => {
  const folder = (overrides: Partial<SyncFolder>): SyncFolder => ({
    provider: 'onedrive',
    path: '/home/a/OneDrive',
    account: { type: 'unknown', email: null, organisation: null },
    evidence: ['route'],
    origin: 'probe',
    ...overrides,
  });

  it('fills a generic route’s gaps from the provider route and keeps both pieces of evidence', () => {
    const { folders } = mergeFolders(
      [
        folder({ provider: 'sshdrive', evidence: ['generic'], origin: 'config' }),
        folder({
          account: { type: 'business', email: 'a@acme.com', organisation: 'Acme' },
          evidence: ['specific'],
        }),
      ],
      (path) => path,
    );

    expect(folders).toEqual([
      folder({
        account: { type: 'business', email: 'a@acme.com', organisation: 'Acme' },
        evidence: ['specific', 'generic'],
        origin: 'config',
      }),
    ]);
  });

  it('drops the account of a folder two known providers upload, so neither approval covers it', () => {
    const { folders, conflicts } = mergeFolders(
      [
        folder({
          provider: 'google-drive',
          account: { type: 'business', email: 'a@acme.com', organisation: 'acme.com' },
          origin: 'config',
          evidence: ['drivefs'],
        }),
        folder({
          provider: 'icloud',
          account: { type: 'personal', email: null, organisation: null },
          origin: 'config',
          evidence: ['xattr'],
        }),
      ],
      (path) => path,
    );

    expect(folders).toMatchObject([
      {
        provider: 'google-drive',
        account: { type: 'unknown', email: null, organisation: null },
        evidence: ['drivefs', 'also icloud: xattr'],
      },
    ]);
    expect(conflicts).toHaveLength(1);
  });
});
