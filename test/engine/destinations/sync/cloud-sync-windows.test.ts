import { join, win32 } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { CloudSyncSource } from '../../../../src-main/engine/destinations/sync/cloud-sync-source.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../../support/temp.ts';
import {
  byProvider,
  lay,
  pathsAndAccounts,
  readFixture,
  registryFromListing,
  warnings,
  writeDatabase,
} from './support/fixture-home.ts';

/** The SID the recorded SyncRootManager listing uses for the signed-in user. */
const aliceSid = 'S-1-5-21-1004336348-1177238915-682003330-1001';

let temp: TempDirectory;
let source: CloudSyncSource | undefined;
/** The fixture home in Windows form, such as `\tmp\copywarden-home-x`. */
let home: string;
let env: Record<string, string>;
let registryListing: string;

beforeEach(async () => {
  temp = await createTempDirectory('copywarden-home-');
  home = win32.normalize(temp.path);
  env = {
    USERPROFILE: home,
    APPDATA: win32.join(home, 'AppData', 'Roaming'),
    LOCALAPPDATA: win32.join(home, 'AppData', 'Local'),
  };
  registryListing = '';
});

afterEach(async () => {
  await source?.dispose();
  source = undefined;
  await temp.dispose();
});

/** Adds recorded `reg query` listings, with the fixture home for `C:\Users\alice`. */
async function addRegistry(...fixtures: string[]): Promise<void> {
  for (const fixture of fixtures) {
    registryListing += await readFixture(`windows/${fixture}`, { windowsHome: home });
  }
}

function createSource(
  logger = createMemoryLogger(),
  options: { sid?: string | null; pollIntervalMs?: number; registryPollIntervalMs?: number } = {},
): CloudSyncSource {
  source = new CloudSyncSource({
    home,
    platform: 'win32',
    env,
    logger,
    queryRegistry: (key) => registryFromListing(registryListing)(key),
    currentUserSid: () => Promise.resolve(options.sid === undefined ? aliceSid : options.sid),
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    ...(options.registryPollIntervalMs !== undefined && {
      registryPollIntervalMs: options.registryPollIntervalMs,
    }),
  });
  return source;
}

describe('CloudSyncSource on Windows: generic discovery', () => {
  it('lists the current user’s Cloud Files sync roots with their providers', async () => {
    await addRegistry('sync-root-manager.reg.txt');
    await lay(temp.path, {
      OneDrive: null,
      'OneDrive - Contoso': null,
      Dropbox: null,
      iCloudDrive: null,
      Nextcloud: null,
      SSHDrive: null,
    });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => [destination.provider, destination.label])).toEqual([
      ['icloud', 'iCloud Drive (personal)'],
      ['onedrive', 'OneDrive (personal)'],
      ['onedrive', 'OneDrive (Contoso)'],
      ['dropbox', 'Dropbox (unknown)'],
      ['nextcloud', 'Nextcloud (unknown)'],
      ['sshdrivewin', 'SSHDriveWin (unknown)'],
    ]);
    expect(byProvider(destinations, 'onedrive')[1]?.evidence).toEqual([
      `registry SyncRootManager: OneDrive!${aliceSid}!Business1|6a4e0c1b2f3d4e5f "OneDrive - Contoso"`,
    ]);
  });

  it('takes every user’s roots when the SID is unknown, and says so', async () => {
    await addRegistry('sync-root-manager.reg.txt');
    const logger = createMemoryLogger();

    await createSource(logger, { sid: null }).list();

    expect(warnings(logger.records).join('\n')).toMatch(
      /C:\\Users\\bob\\OneDrive: it does not exist .*registered for S-1-5-21-.*-1002/,
    );
  });

  it('lists navigation-pane entries that point at a folder, known products by name', async () => {
    await addRegistry('navigation-pane.reg.txt');
    await lay(temp.path, {
      'MEGA/.debris': null,
      Nextcloud: null,
      Jottacloud: null,
      'Creative Cloud Files': null,
      Unpinned: null,
    });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [
        destination.provider,
        destination.path,
        destination.evidence,
      ]),
    ).toEqual([
      [
        'mega',
        win32.join(home, 'MEGA'),
        [
          'Explorer navigation-pane entry "MEGA" {0E270DAA-1BE6-48F2-AC49-6AFF5C0F5B61}',
          'MEGA local rubbish folder %USERPROFILE%\\MEGA\\.debris',
        ],
      ],
      [
        'nextcloud',
        win32.join(home, 'Nextcloud'),
        ['Explorer navigation-pane entry "Nextcloud" {6B9F4C3E-8F3A-4D1C-9A7B-2E5D1F0A3C44}'],
      ],
      [
        'jottacloud',
        win32.join(home, 'Jottacloud'),
        ['Explorer navigation-pane entry "Jottacloud" {8A2B4C6D-1E3F-4A5B-9C7D-0E1F2A3B4C5D}'],
      ],
      [
        'creative-cloud-files',
        win32.join(home, 'Creative Cloud Files'),
        [
          'Explorer navigation-pane entry "Creative Cloud Files" {F3A1C2B4-5D6E-4F70-8192-A3B4C5D6E7F8}',
        ],
      ],
    ]);
  });
});

describe('CloudSyncSource on Windows: providers', () => {
  it('tells OneDrive personal and each work tenant apart, with tenant ids', async () => {
    await addRegistry('onedrive-three-accounts.reg.txt');
    await lay(temp.path, {
      OneDrive: null,
      'OneDrive - Contoso': null,
      'OneDrive - Fabrikam Ltd': null,
      'Contoso/Finance - Documents': null,
    });

    const destinations = await createSource().list();

    expect(pathsAndAccounts(destinations)).toEqual([
      [
        win32.join(home, 'OneDrive - Contoso'),
        {
          type: 'business',
          email: 'alice@contoso.com',
          organisation: 'Contoso',
          organisationId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        },
      ],
      [
        win32.join(home, 'Contoso', 'Finance - Documents'),
        {
          type: 'business',
          email: 'alice@contoso.com',
          organisation: 'Contoso',
          organisationId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        },
      ],
      [
        win32.join(home, 'OneDrive - Fabrikam Ltd'),
        {
          type: 'business',
          email: 'alice.contractor@fabrikam.example',
          organisation: 'Fabrikam Ltd',
          organisationId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
        },
      ],
      [
        win32.join(home, 'OneDrive'),
        { type: 'personal', email: 'alice@outlook.com', organisation: null },
      ],
    ]);
    expect(destinations[1]?.evidence).toEqual([
      'registry OneDrive\\Accounts\\Business1\\Tenants\\Contoso: synced library',
      'registry SyncEngines\\Providers\\OneDrive: https://contoso.sharepoint.com/sites/Finance/Shared Documents/ (teamsite)',
    ]);
  });

  it('falls back to the OneDrive environment variables', async () => {
    env['OneDriveConsumer'] = win32.join(home, 'OneDrive');
    env['OneDriveCommercial'] = win32.join(home, 'OneDrive - Fabrikam');
    await lay(temp.path, { OneDrive: null, 'OneDrive - Fabrikam': null });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [destination.account?.type, destination.evidence]),
    ).toEqual([
      ['personal', ['environment variable %OneDriveConsumer%']],
      ['business', ['environment variable %OneDriveCommercial%']],
    ]);
  });

  it('reads info.json from both %APPDATA% and %LOCALAPPDATA%', async () => {
    await lay(temp.path, {
      'AppData/Roaming/Dropbox/info.json': JSON.stringify({
        personal: { path: win32.join(home, 'Dropbox') },
      }),
      'AppData/Local/Dropbox/info.json': JSON.stringify({
        business: { path: win32.join(home, 'Dropbox (Acme Corp)'), is_team: true },
      }),
      Dropbox: null,
      'Dropbox (Acme Corp)': null,
    });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => [destination.id, destination.evidence[0]])).toEqual([
      [
        `cloud:dropbox:personal:${win32.join(home, 'Dropbox')}`,
        '%APPDATA%\\Dropbox\\info.json: personal',
      ],
      [
        `cloud:dropbox:business:${win32.join(home, 'Dropbox (Acme Corp)')}`,
        '%LOCALAPPDATA%\\Dropbox\\info.json: business, team "Acme Corp"',
      ],
    ]);
  });

  it('reads Google Drive roots, backed-up folders and streaming drives', async () => {
    // Arrange: a DriveFS root database in the documented layout, and the registry settings
    await addRegistry('client-settings.reg.txt');
    await lay(temp.path, { 'My Drive mirror': null, Photos: null });
    await writeDatabase(
      join(temp.path, 'AppData/Local/Google/DriveFS/root_preference_sqlite.db'),
      'CREATE TABLE roots (root_id INTEGER, last_seen_absolute_path TEXT, title TEXT, is_my_drive INTEGER, state INTEGER);' +
        'CREATE TABLE media (media_id TEXT, last_mount_point TEXT, name TEXT, fs_type INTEGER);',
      [
        {
          sql: 'INSERT INTO roots VALUES (?, ?, ?, ?, 1)',
          values: [1, `\\\\?\\${win32.join(home, 'My Drive mirror')}`, 'My Drive', 1],
        },
        {
          sql: 'INSERT INTO roots VALUES (?, ?, ?, ?, 1)',
          values: [2, `\\\\?\\${win32.join(home, 'Photos')}`, 'Photos', 0],
        },
        { sql: 'INSERT INTO media VALUES (?, ?, ?, ?)', values: ['m1', 'G', 'Google Drive', 10] },
      ],
    );
    const logger = createMemoryLogger();

    // Act
    const destinations = await createSource(logger).list();

    // Assert: the streaming drive G: does not exist on this host, so it is only logged
    expect(destinations.map((destination) => [destination.path, destination.evidence])).toEqual([
      [
        win32.join(home, 'My Drive mirror'),
        ['%LOCALAPPDATA%\\Google\\DriveFS\\root_preference_sqlite.db: My Drive mirror'],
      ],
      [
        win32.join(home, 'Photos'),
        ['%LOCALAPPDATA%\\Google\\DriveFS\\root_preference_sqlite.db: backed-up folder "Photos"'],
      ],
    ]);
    expect(warnings(logger.records).join('\n')).toMatch(
      /G:\\My Drive: it does not exist \(.*streaming drive "Google Drive"; registry DriveFS PerAccountPreferences: streaming drive of account 108234567890123456789\)/,
    );
  });

  it('logs a DriveFS database that is not SQLite', async () => {
    await lay(temp.path, {
      'AppData/Local/Google/DriveFS/root_preference_sqlite.db': 'not a database',
    });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(
      /root_preference_sqlite\.db: not a readable database/,
    );
  });

  it('reads pCloud, Yandex Disk and Proton Drive folders from registry and Mappings.json', async () => {
    await addRegistry('client-settings.reg.txt');
    const mappings = {
      Mappings: [
        { Id: 1, Local: { RootFolderPath: win32.join(home, 'Proton Drive') }, Remote: {} },
        { Id: 2, Local: {} },
      ],
    };
    await lay(temp.path, {
      'AppData/Local/Proton/Proton Drive/Mappings.json': JSON.stringify(mappings),
      'Proton Drive': null,
      YandexDisk: null,
    });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations.map((destination) => [destination.provider, destination.path])).toEqual([
      ['proton-drive', win32.join(home, 'Proton Drive')],
      ['yandex-disk', win32.join(home, 'YandexDisk')],
    ]);
    expect(warnings(logger.records).join('\n')).toMatch(
      /Mappings\.json: no absolute Local\.RootFolderPath/,
    );
    expect(warnings(logger.records).join('\n')).toMatch(
      /P:\\: it does not exist \(registry pCloud SyncDrive P:\)/,
    );
  });

  it('reads Nextcloud, Syncthing, Seafile, Tresorit and Sync.com folders', async () => {
    // Arrange: each client's own files, in its format, under the profile
    const qtHome = home.replaceAll('\\', '/');
    await lay(temp.path, {
      'AppData/Roaming/Nextcloud/nextcloud.cfg': [
        '[Accounts]',
        '0\\url=https://cloud.acme.example',
        '0\\dav_user=alice',
        `0\\FoldersWithPlaceholders\\1\\localPath=${qtHome}/Nextcloud/`,
        '0\\FoldersWithPlaceholders\\1\\virtualFilesMode=wincfapi',
        'version=2',
      ].join('\r\n'),
      'AppData/Local/Syncthing/config.xml': `<configuration version="37"><folder id="abcd-1234" label="Default Folder" path="${win32.join(home, 'Sync')}" type="sendreceive"></folder></configuration>`,
      'ccnet/seafile.ini': `${win32.join(home, 'Seafile', 'seafile-data')}\r\n`,
      'Tresorit/Projects/.tresorit/Temp': null,
      Nextcloud: null,
      Sync: null,
      'Seafile/Team Library': null,
    });
    await writeDatabase(
      join(temp.path, 'Seafile/seafile-data/repo.db'),
      'CREATE TABLE RepoProperty (repo_id TEXT, key TEXT, value TEXT);',
      [
        ['worktree', win32.join(home, 'Seafile', 'Team Library')],
        ['email', 'alice@acme.example'],
        ['server-url', 'https://seafile.acme.example'],
      ].map(([key, value]) => ({
        sql: 'INSERT INTO RepoProperty VALUES (?, ?, ?)',
        values: ['7f3c2a10-1b2c-4d5e-8f90-0a1b2c3d4e5f', key ?? '', value ?? ''],
      })),
    );

    // Act
    const destinations = await createSource().list();

    // Assert: Syncthing's config names ~\Sync, so the Sync.com default-folder guess yields
    expect(
      destinations.map((destination) => [
        destination.provider,
        destination.path,
        destination.account,
      ]),
    ).toEqual([
      [
        'nextcloud',
        win32.join(home, 'Nextcloud'),
        { type: 'unknown', email: 'alice', organisation: 'cloud.acme.example' },
      ],
      ['syncthing', win32.join(home, 'Sync'), { type: 'unknown', email: null, organisation: null }],
      [
        'tresorit',
        win32.join(home, 'Tresorit', 'Projects'),
        { type: 'unknown', email: null, organisation: null },
      ],
      [
        'seafile',
        win32.join(home, 'Seafile', 'Team Library'),
        { type: 'unknown', email: 'alice@acme.example', organisation: 'seafile.acme.example' },
      ],
    ]);
  });

  it('finds iCloud Drive, Box, Sync.com, Insync and ownCloud folders', async () => {
    const text = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${win32.join(home, 'Box')}\r\n`, 'utf16le'),
    ]);
    await lay(temp.path, {
      iCloudDrive: null,
      'AppData/Local/Box/Box/data/shell/sync_root_folder.txt': text,
      Box: null,
      Sync: null,
      'Insync/alice@gmail.com/Google Drive': null,
      'AppData/Roaming/ownCloud/owncloud.cfg': `[Accounts]\r\n0\\url=https://owncloud.example.org\r\n0\\user=alice\r\n0\\Folders\\1\\localPath=${home.replaceAll('\\', '/')}/ownCloud\r\n`,
      ownCloud: null,
    });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => [destination.label, destination.evidence])).toEqual([
      ['iCloud Drive (personal)', ['iCloud Drive folder %USERPROFILE%\\iCloudDrive']],
      ['Box (unknown)', ['%LOCALAPPDATA%\\Box\\Box\\data\\shell\\sync_root_folder.txt']],
      [
        'ownCloud (owncloud.example.org)',
        ['%APPDATA%\\ownCloud\\owncloud.cfg: account 0 folder 1 on https://owncloud.example.org'],
      ],
      ['Sync.com (unknown)', ['default Sync.com folder %USERPROFILE%\\Sync']],
      [
        'Insync (alice@gmail.com)',
        ['Insync base folder %USERPROFILE%\\Insync\\alice@gmail.com\\Google Drive (google-drive)'],
      ],
    ]);
  });

  it('logs a Box sync_root_folder.txt that holds no path', async () => {
    await lay(temp.path, { 'AppData/Local/Box Sync/sync_root_folder.txt': 'relative\\path' });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(/does not hold one absolute folder path/);
  });
});

describe('CloudSyncSource on Windows: changes', () => {
  it('signals a change when a new OneDrive account appears in the registry', async () => {
    // Arrange: one account, polled often
    const recorded = await readFixture('windows/onedrive-three-accounts.reg.txt', {
      windowsHome: home,
    });
    const [withoutFabrikam] = recorded.split(
      /\r\n(?=HKEY_CURRENT_USER\\Software\\Microsoft\\OneDrive\\Accounts\\Business2)/,
    );
    registryListing = withoutFabrikam ?? '';
    await lay(temp.path, { 'OneDrive - Fabrikam Ltd': null });
    const watched = createSource(createMemoryLogger(), {
      pollIntervalMs: 40,
      registryPollIntervalMs: 40,
    });
    let changes = 0;
    watched.onDidChange(() => {
      changes++;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    const before = await watched.list();

    // Act: the second work account signs in
    registryListing = recorded;
    await waitFor(() => changes > 0, 2_000, 'a change signal');

    // Assert
    const after = await watched.list();
    expect(before.map((destination) => destination.label)).not.toContain('OneDrive (Fabrikam Ltd)');
    expect(after.map((destination) => destination.label)).toContain('OneDrive (Fabrikam Ltd)');
  });
});
