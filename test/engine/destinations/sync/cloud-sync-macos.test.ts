import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import type { ExtendedAttributeResult } from '../../../../src-main/engine/destinations/sync/mac-extended-attributes.ts';
import { CloudSyncSource } from '../../../../src-main/engine/destinations/sync/cloud-sync-source.ts';
import { createTempDirectory, type TempDirectory } from '../../../support/temp.ts';
import {
  attributesFromRuns,
  byProvider,
  lay,
  pathsAndAccounts,
  writeDatabase,
} from './support/fixture-home.ts';

let temp: TempDirectory;
let source: CloudSyncSource | undefined;

beforeEach(async () => {
  temp = await createTempDirectory('copywarden-home-');
});

afterEach(async () => {
  await source?.dispose();
  source = undefined;
  await temp.dispose();
});

function createSource(
  readExtendedAttribute?: (path: string, name: string) => Promise<ExtendedAttributeResult>,
): CloudSyncSource {
  source = new CloudSyncSource({
    home: temp.path,
    platform: 'darwin',
    env: {},
    logger: createMemoryLogger(),
    ...(readExtendedAttribute !== undefined && { readExtendedAttribute }),
  });
  return source;
}

/** What `xattr -p com.apple.file-provider-domain-id <folder>` prints for a domain root. */
function domainRun(value: string): { exitCode: number; stdout: string; stderr: string } {
  return { exitCode: 0, stdout: `${value}\n`, stderr: '' };
}

describe('CloudSyncSource on macOS: File Provider folders', () => {
  it('tells every provider, account and tenant apart in ~/Library/CloudStorage', async () => {
    // Arrange: one folder per File Provider domain
    await lay(temp.path, {
      'Library/CloudStorage/Dropbox': null,
      'Library/CloudStorage/OneDrive-Personal': null,
      'Library/CloudStorage/OneDrive-Contoso': null,
      'Library/CloudStorage/OneDrive-SharedLibraries-Contoso': null,
      'Library/CloudStorage/OneDrive-FabrikamLtd': null,
      'Library/CloudStorage/OneDrive-Bibliothèquespartagées-FabrikamLtd': null,
      'Library/CloudStorage/GoogleDrive-alice@gmail.com/My Drive': null,
      'Library/CloudStorage/GoogleDrive-bob@acme.example': null,
      'Library/CloudStorage/Box-Box': null,
      'Library/CloudStorage/ProtonDrive-carol@proton.me-folder': null,
      'Library/CloudStorage/ProtonDrive-dave@acme.example-folder': null,
      'Library/CloudStorage/SSHDrive-nas': null,
      'Library/Mobile Documents/com~apple~CloudDocs': null,
    });

    // Act
    const destinations = await createSource().list();

    // Assert
    expect(
      pathsAndAccounts(byProvider(destinations, 'onedrive')).map(([path, account]) => [
        path.split('/').pop(),
        account,
      ]),
    ).toEqual([
      [
        'OneDrive-Bibliothèquespartagées-FabrikamLtd',
        { type: 'business', email: null, organisation: 'FabrikamLtd' },
      ],
      ['OneDrive-Contoso', { type: 'business', email: null, organisation: 'Contoso' }],
      ['OneDrive-FabrikamLtd', { type: 'business', email: null, organisation: 'FabrikamLtd' }],
      ['OneDrive-Personal', { type: 'personal', email: null, organisation: null }],
      [
        'OneDrive-SharedLibraries-Contoso',
        { type: 'business', email: null, organisation: 'Contoso' },
      ],
    ]);
    expect(
      byProvider(destinations, 'google-drive').map((destination) => destination.account),
    ).toEqual([
      { type: 'personal', email: 'alice@gmail.com', organisation: null },
      { type: 'business', email: 'bob@acme.example', organisation: 'acme.example' },
    ]);
    expect(
      byProvider(destinations, 'proton-drive').map((destination) => destination.account),
    ).toEqual([
      { type: 'personal', email: 'carol@proton.me', organisation: null },
      { type: 'business', email: 'dave@acme.example', organisation: 'acme.example' },
    ]);
    expect(byProvider(destinations, 'dropbox')).toHaveLength(1);
    expect(byProvider(destinations, 'box')).toHaveLength(1);
    expect(byProvider(destinations, 'icloud')).toHaveLength(1);
    expect(byProvider(destinations, 'sshdrive')).toMatchObject([
      {
        label: 'SSHDrive (unknown)',
        evidence: [
          'File Provider folder ~/Library/CloudStorage/SSHDrive-nas',
          'File Provider domain attribute not checked (not macOS)',
        ],
      },
    ]);
  });

  it('confirms folders by their File Provider domain attribute and flags one without it', async () => {
    const storage = join(temp.path, 'Library/CloudStorage');
    await lay(temp.path, {
      'Library/CloudStorage/OneDrive-Personal': null,
      'Library/CloudStorage/NewSync-alice': null,
      'Library/CloudStorage/OneDrive-OldTenant': null,
    });
    const attributes = attributesFromRuns({
      [join(storage, 'OneDrive-Personal')]: domainRun(
        'com.microsoft.OneDrive-mac.FileProvider/OneDrive - Personal',
      ),
      [join(storage, 'NewSync-alice')]: domainRun('com.dropbox.beta.fileprovider/alice'),
    });

    const destinations = await createSource(attributes).list();

    expect(destinations.map((destination) => [destination.provider, destination.evidence])).toEqual(
      [
        [
          'onedrive',
          [
            'File Provider folder ~/Library/CloudStorage/OneDrive-OldTenant: tenant "OldTenant"',
            'File Provider folder ~/Library/CloudStorage/OneDrive-OldTenant',
            'no File Provider domain attribute: possibly left behind by a removed account',
          ],
        ],
        [
          'onedrive',
          [
            'File Provider folder ~/Library/CloudStorage/OneDrive-Personal',
            'File Provider domain "com.microsoft.OneDrive-mac.FileProvider/OneDrive - Personal"',
            'File Provider folder ~/Library/CloudStorage/OneDrive-Personal: personal',
          ],
        ],
        [
          'dropbox',
          [
            'File Provider folder ~/Library/CloudStorage/NewSync-alice',
            'File Provider domain "com.dropbox.beta.fileprovider/alice"',
          ],
        ],
      ],
    );
  });

  it('lists ~/Desktop and ~/Documents when iCloud Drive syncs them', async () => {
    await lay(temp.path, { Desktop: null, Documents: null });
    const attributes = attributesFromRuns({
      [join(temp.path, 'Documents')]: domainRun(
        'com.apple.CloudDocs.iCloudDriveFileProvider/9A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9',
      ),
    });

    const destinations = await createSource(attributes).list();

    expect(destinations).toMatchObject([
      { path: join(temp.path, 'Documents'), provider: 'icloud', account: { type: 'personal' } },
    ]);
  });

  it('reads the Dropbox info.json of macOS and does not list its folder twice', async () => {
    const path = join(temp.path, 'Library/CloudStorage/Dropbox');
    await lay(temp.path, {
      '.dropbox/info.json': JSON.stringify({ personal: { path, is_team: false } }),
      'Library/CloudStorage/Dropbox': null,
    });

    const destinations = await createSource().list();

    expect(destinations).toMatchObject([{ path, account: { type: 'personal' } }]);
  });
});

describe('CloudSyncSource on macOS: providers', () => {
  it('reads Nextcloud, ownCloud and Syncthing from their macOS config folders', async () => {
    await lay(temp.path, {
      'Library/Preferences/Nextcloud/nextcloud.cfg': [
        '[General]',
        'clientVersion=3.13.0',
        '[Accounts]',
        '0\\url=https://cloud.acme.example',
        '0\\webflow_user=alice@acme.example',
        `0\\Folders\\1\\localPath=${temp.path}/Nextcloud/`,
        `0\\Multifolders\\2\\localPath="${temp.path}/Projects, 2024/"`,
      ].join('\n'),
      'Library/Application Support/ownCloud/owncloud.cfg': [
        '[Accounts]',
        '0\\url=https://owncloud.example.org/',
        '0\\http_user=alice',
        `0\\Folders\\1\\localPath=${temp.path}/ownCloud`,
      ].join('\n'),
      'Library/Application Support/Syncthing/config.xml': [
        '<configuration version="37">',
        '  <folder id="photos" label="Photos &amp; Videos" path="~/Photos Sync" type="sendonly">',
        '    <device id="AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH"></device>',
        '  </folder>',
        '  <folder id="inbox" label="Inbox" path="~/Inbox" type="receiveonly"></folder>',
        '  <device id="AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH" name="home-nas"></device>',
        '</configuration>',
      ].join('\n'),
      Nextcloud: null,
      'Projects, 2024': null,
      ownCloud: null,
      'Photos Sync': null,
      Inbox: null,
    });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [
        destination.provider,
        destination.path,
        destination.account,
      ]),
    ).toEqual([
      [
        'nextcloud',
        join(temp.path, 'Nextcloud'),
        { type: 'unknown', email: 'alice@acme.example', organisation: 'cloud.acme.example' },
      ],
      [
        'nextcloud',
        join(temp.path, 'Projects, 2024'),
        { type: 'unknown', email: 'alice@acme.example', organisation: 'cloud.acme.example' },
      ],
      [
        'owncloud',
        join(temp.path, 'ownCloud'),
        { type: 'unknown', email: 'alice', organisation: 'owncloud.example.org' },
      ],
      [
        'syncthing',
        join(temp.path, 'Photos Sync'),
        { type: 'unknown', email: null, organisation: null },
      ],
    ]);
    expect(byProvider(destinations, 'syncthing')[0]?.evidence).toEqual([
      '~/Library/Application Support/Syncthing/config.xml: folder "Photos & Videos" (sendonly), shared with home-nas (AAAAAAA)',
    ]);
  });

  it('reads pCloud sync folders and the login from a copy of its database', async () => {
    await lay(temp.path, { 'Documents/pcloud-sync': null });
    await writeDatabase(
      join(temp.path, '.pcloud/data.db'),
      'CREATE TABLE setting (id VARCHAR(16) PRIMARY KEY, value TEXT);' +
        'CREATE TABLE syncfolder (id INTEGER PRIMARY KEY, folderid INTEGER, localpath VARCHAR(4096), synctype INTEGER, flags INTEGER, inode INTEGER, deviceid INTEGER);',
      [
        { sql: 'INSERT INTO setting VALUES (?, ?)', values: ['username', 'alice@example.org'] },
        { sql: 'INSERT INTO setting VALUES (?, ?)', values: ['dbversion', '2'] },
        {
          sql: 'INSERT INTO syncfolder (folderid, localpath, synctype) VALUES (?, ?, ?)',
          values: [17, join(temp.path, 'Documents/pcloud-sync'), 3],
        },
      ],
    );

    const destinations = await createSource().list();

    expect(destinations).toMatchObject([
      {
        provider: 'pcloud',
        path: join(temp.path, 'Documents/pcloud-sync'),
        account: { type: 'unknown', email: 'alice@example.org' },
        evidence: ['~/.pcloud/data.db: sync folder'],
      },
    ]);
  });

  it('reads Google Drive backed-up folders, MEGA, Sync.com, Tresorit, Insync and Seafile', async () => {
    // Arrange
    await lay(temp.path, {
      Pictures: null,
      'MEGA/.debris': null,
      Sync: null,
      'Tresorit/Board/.tresorit': null,
      'Insync/alice@gmail.com/Google Drive': null,
      'Insync/bob@acme.example/OneDrive': null,
      '.ccnet/seafile.ini': `${temp.path}/Seafile/.seafile-data\n`,
      'Seafile/My Library': null,
    });
    await writeDatabase(
      join(temp.path, 'Library/Application Support/Google/DriveFS/root_preference_sqlite.db'),
      'CREATE TABLE roots (root_id INTEGER, last_seen_absolute_path TEXT, title TEXT, is_my_drive INTEGER, state INTEGER);' +
        'CREATE TABLE media (media_id TEXT, last_mount_point TEXT, name TEXT, fs_type INTEGER);',
      [
        {
          sql: 'INSERT INTO roots VALUES (1, ?, ?, 0, 1)',
          values: [join(temp.path, 'Pictures'), 'Pictures'],
        },
      ],
    );
    await writeDatabase(
      join(temp.path, 'Seafile/.seafile-data/repo.db'),
      'CREATE TABLE RepoProperty (repo_id TEXT, key TEXT, value TEXT);',
      [
        {
          sql: 'INSERT INTO RepoProperty VALUES (?, ?, ?)',
          values: ['r1', 'worktree', join(temp.path, 'Seafile/My Library')],
        },
      ],
    );

    // Act
    const destinations = await createSource().list();

    // Assert
    expect(
      destinations.map((destination) => [
        destination.provider,
        destination.path.slice(temp.path.length),
        destination.account?.type,
      ]),
    ).toEqual([
      ['google-drive', '/Pictures', 'unknown'],
      ['mega', '/MEGA', 'unknown'],
      ['sync-com', '/Sync', 'unknown'],
      ['tresorit', '/Tresorit/Board', 'unknown'],
      ['insync', '/Insync/alice@gmail.com/Google Drive', 'personal'],
      ['insync', '/Insync/bob@acme.example/OneDrive', 'unknown'],
      ['seafile', '/Seafile/My Library', 'unknown'],
    ]);
  });
});
