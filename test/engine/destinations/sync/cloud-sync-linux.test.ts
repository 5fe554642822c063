import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { CloudSyncSource } from '../../../../src-main/engine/destinations/sync/cloud-sync-source.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../../support/temp.ts';
import {
  byProvider,
  lay,
  pathsAndAccounts,
  readFixture,
  warnings,
  writeDatabase,
} from './support/fixture-home.ts';

/** abraunegg/onedrive's item table, reduced to the columns discovery reads and a few beside. */
const itemSchema =
  'CREATE TABLE item (driveId TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, parentId TEXT, PRIMARY KEY (driveId, id));';

let temp: TempDirectory;
let source: CloudSyncSource | undefined;
/** A mount table with no cloud mounts, unless a test writes one. */
let mountInfoPath: string;

beforeEach(async () => {
  temp = await createTempDirectory('copywarden-home-');
  mountInfoPath = join(temp.path, 'mountinfo');
  await writeFile(mountInfoPath, '22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n');
});

afterEach(async () => {
  await source?.dispose();
  source = undefined;
  await temp.dispose();
});

function createSource(logger = createMemoryLogger(), pollIntervalMs?: number): CloudSyncSource {
  source = new CloudSyncSource({
    home: temp.path,
    platform: 'linux',
    env: {},
    logger,
    mountInfoPath,
    ...(pollIntervalMs !== undefined && { pollIntervalMs }),
  });
  return source;
}

describe('CloudSyncSource on Linux: providers', () => {
  it('finds the personal and business Dropbox folders of info.json', async () => {
    const info = {
      personal: {
        path: join(temp.path, 'Dropbox'),
        host: 1234,
        is_team: false,
        subscription_type: 'Basic',
      },
      business: {
        path: join(temp.path, 'Dropbox (Acme)'),
        host: 5678,
        is_team: true,
        subscription_type: 'Business',
      },
    };
    await lay(temp.path, {
      '.dropbox/info.json': JSON.stringify(info),
      Dropbox: null,
      'Dropbox (Acme)': null,
    });

    const destinations = await createSource().list();

    expect(destinations).toEqual([
      {
        id: `cloud:dropbox:personal:${join(temp.path, 'Dropbox')}`,
        kind: 'cloud-sync',
        path: join(temp.path, 'Dropbox'),
        label: 'Dropbox (personal)',
        provider: 'dropbox',
        account: { type: 'personal', email: null, organisation: null },
        device: null,
        evidence: ['~/.dropbox/info.json: personal, subscription Basic'],
      },
      {
        id: `cloud:dropbox:business:${join(temp.path, 'Dropbox (Acme)')}`,
        kind: 'cloud-sync',
        path: join(temp.path, 'Dropbox (Acme)'),
        label: 'Dropbox (Acme)',
        provider: 'dropbox',
        account: { type: 'business', email: null, organisation: 'Acme' },
        device: null,
        evidence: ['~/.dropbox/info.json: business, team "Acme", subscription Business'],
      },
    ]);
  });

  it('tells a personal from a work OneDrive of the onedrive client by their drive ids', async () => {
    // Arrange: the default config folder and a second one for the work account
    await lay(temp.path, {
      '.config/onedrive/config': '# sync_dir = "~/OneDrive"\nsync_dir = "~/Cloud/OneDrive"\n',
      '.config/onedrive-work/config':
        'sync_dir = "~/OneDrive - Contoso"\nmonitor_interval = "300"\n',
      'Cloud/OneDrive': null,
      'OneDrive - Contoso': null,
    });
    await writeDatabase(join(temp.path, '.config/onedrive/items.sqlite3'), itemSchema, [
      {
        sql: 'INSERT INTO item VALUES (?, ?, ?, ?, NULL)',
        values: ['66d53be8a5056eca', '66D53BE8A5056ECA!101', 'root', 'root'],
      },
    ]);
    await writeDatabase(join(temp.path, '.config/onedrive-work/items.sqlite3'), itemSchema, [
      {
        sql: 'INSERT INTO item VALUES (?, ?, ?, ?, NULL)',
        values: [
          'b!bO8V7s9SSk6r7mWHpIjURotN33W1W2tEv3OXV_oFIdZRJ3pK2Tn9QqS4nCA',
          '01BYE5RZ56Y2GOVW7725BZO354PWSELRRZ',
          'root',
          'root',
        ],
      },
    ]);

    // Act
    const destinations = await createSource().list();

    // Assert
    expect(pathsAndAccounts(destinations)).toEqual([
      [join(temp.path, 'Cloud/OneDrive'), { type: 'personal', email: null, organisation: null }],
      [
        join(temp.path, 'OneDrive - Contoso'),
        { type: 'business', email: null, organisation: null },
      ],
    ]);
    expect(destinations[0]?.evidence).toEqual([
      '~/.config/onedrive/config: sync_dir "~/Cloud/OneDrive"',
      '~/.config/onedrive/items.sqlite3: personal drive id',
    ]);
  });

  it('uses ~/OneDrive when the onedrive client has no config file', async () => {
    await lay(temp.path, { '.config/onedrive/refresh_token': 'x', OneDrive: null });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => destination.path)).toEqual([
      join(temp.path, 'OneDrive'),
    ]);
  });

  it('reads every Nextcloud and ownCloud account and folder group, Flatpak included', async () => {
    await lay(temp.path, {
      '.config/Nextcloud/nextcloud.cfg': [
        '[Accounts]',
        '0\\url=https://cloud.acme.example',
        '0\\dav_user=alice',
        `0\\Folders\\1\\localPath=${temp.path}/Nextcloud/`,
        '0\\Folders\\1\\journalPath=.sync_0e03fe2b262e.db',
        '1\\url=https://nc.family.example:8443',
        '1\\webflow_user=alice@family.example',
        `1\\Multifolders\\1\\localPath=${temp.path}/Family`,
        'version=2',
      ].join('\n'),
      '.var/app/com.owncloud.desktopclient.owncloud/config/ownCloud/owncloud.cfg': [
        '[Accounts]',
        '0\\url=https://owncloud.example.org',
        '0\\user=alice',
        `0\\Folders\\6b2a\\localPath=${temp.path}/ownCloud/Personal`,
      ].join('\n'),
      Nextcloud: null,
      Family: null,
      'ownCloud/Personal': null,
    });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [destination.label, destination.account?.email]),
    ).toEqual([
      ['Nextcloud (cloud.acme.example)', 'alice'],
      ['Nextcloud (nc.family.example:8443)', 'alice@family.example'],
      ['ownCloud (owncloud.example.org)', 'alice'],
    ]);
  });

  it('reads Syncthing folders from the state and the config folder, with ~ expanded', async () => {
    const config = (path: string): string =>
      `<?xml version="1.0"?>\n<configuration version="37">\n  <folder id="a" label="Work" path="${path}" type="sendreceive" rescanIntervalS="3600">\n    <device id="MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD" introducedBy=""></device>\n  </folder>\n  <device id="MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD" name="office-server" compression="metadata"></device>\n</configuration>\n`;
    await lay(temp.path, {
      '.local/state/syncthing/config.xml': config('~/Sync'),
      '.config/syncthing/config.xml': config(`${temp.path}/Legacy Sync`),
      'Sync/.stfolder': null,
      'Legacy Sync': null,
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
        'syncthing',
        join(temp.path, 'Sync'),
        [
          '~/.local/state/syncthing/config.xml: folder "Work" (sendreceive), shared with office-server (MFZWI3D)',
          'Syncthing folder marker ~/Sync/.stfolder',
        ],
      ],
      [
        'syncthing',
        join(temp.path, 'Legacy Sync'),
        [
          '~/.config/syncthing/config.xml: folder "Work" (sendreceive), shared with office-server (MFZWI3D)',
        ],
      ],
    ]);
  });

  it('reads Seafile, Yandex Disk, pCloud, MEGA, Tresorit and Insync folders', async () => {
    // Arrange: each client's own files
    await lay(temp.path, {
      '.ccnet/seafile.ini': `${temp.path}/Seafile/.seafile-data`,
      'Seafile/Docs': null,
      '.config/yandex-disk/config.cfg': `proxy="no"\nauth="${temp.path}/.config/yandex-disk/passwd"\ndir="${temp.path}/Yandex.Disk"\n`,
      'Yandex.Disk': null,
      pCloudDrive: null,
      'Music/pcloud': null,
      'MEGA/.megaignore': '-:*.tmp\n',
      '.local/share/data/Mega Limited/MEGAsync/MEGAsync.cfg': '[General]\n3c2a7b=8f1e0d\n',
      'Tresorit/Legal/.tresorit/Filters': null,
      'Insync/alice@acme.example/Google Drive': null,
    });
    await writeDatabase(
      join(temp.path, 'Seafile/.seafile-data/repo.db'),
      'CREATE TABLE RepoProperty (repo_id TEXT, key TEXT, value TEXT);',
      [
        ['worktree', join(temp.path, 'Seafile/Docs')],
        ['email', 'alice@acme.example'],
        ['server-url', 'https://seafile.acme.example/'],
      ].map(([key, value]) => ({
        sql: "INSERT INTO RepoProperty VALUES ('r1', ?, ?)",
        values: [key ?? '', value ?? ''],
      })),
    );
    await writeDatabase(
      join(temp.path, '.pcloud/data.db'),
      'CREATE TABLE setting (id VARCHAR(16) PRIMARY KEY, value TEXT); CREATE TABLE syncfolder (id INTEGER PRIMARY KEY, folderid INTEGER, localpath VARCHAR(4096), synctype INTEGER, flags INTEGER);',
      [
        {
          sql: 'INSERT INTO syncfolder (folderid, localpath, synctype) VALUES (1, ?, 3)',
          values: [join(temp.path, 'Music/pcloud')],
        },
      ],
    );

    // Act
    const destinations = await createSource().list();

    // Assert
    expect(
      destinations.map((destination) => [
        destination.label,
        destination.path.slice(temp.path.length),
      ]),
    ).toEqual([
      ['MEGA (unknown)', '/MEGA'],
      ['pCloud (unknown)', '/Music/pcloud'],
      ['pCloud (unknown)', '/pCloudDrive'],
      ['Tresorit (unknown)', '/Tresorit/Legal'],
      ['Yandex Disk (unknown)', '/Yandex.Disk'],
      ['Insync (acme.example)', '/Insync/alice@acme.example/Google Drive'],
      ['Seafile (seafile.acme.example)', '/Seafile/Docs'],
    ]);
  });
});

describe('CloudSyncSource on Linux: mounts', () => {
  it('describes rclone mounts from rclone.conf, crypt and OneDrive type included', async () => {
    // Arrange: three rclone mounts in the mount table, and their remotes
    await writeFile(
      mountInfoPath,
      await readFixture('linux/mountinfo-cloud-mounts.txt', { home: temp.path }),
    );
    await lay(temp.path, {
      '.config/rclone/rclone.conf': [
        '[gdrive]',
        'type = drive',
        'scope = drive',
        'token = {"access_token":"x"}',
        '',
        '[secret]',
        'type = crypt',
        'remote = gdrive:encrypted',
        'password = *** ENCRYPTED ***',
        '',
        '[work-onedrive]',
        'type = onedrive',
        'drive_type = business',
        'drive_id = b!abc',
      ].join('\n'),
      'Cloud Drive': null,
      Backups: null,
      Work: null,
      onedriver: null,
      'gvfs/google-drive:host=gmail.com,user=alice.smith': null,
      'gvfs/smb-share:server=nas,share=backup': null,
    });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [
        destination.provider,
        destination.path.slice(temp.path.length),
        destination.account?.type,
        destination.evidence,
      ]),
    ).toEqual([
      [
        'rclone',
        '/Cloud Drive',
        'unknown',
        ['fuse.rclone mount of gdrive:', 'remote type drive in ~/.config/rclone/rclone.conf'],
      ],
      [
        'rclone',
        '/Backups',
        'unknown',
        [
          'fuse.rclone mount of secret:vault',
          'remote type crypt in ~/.config/rclone/rclone.conf',
          'client-side encrypted (crypt) over remote gdrive of type drive',
        ],
      ],
      [
        'rclone',
        '/Work',
        'business',
        [
          'fuse.rclone mount of work-onedrive:Documents',
          'remote type onedrive in ~/.config/rclone/rclone.conf',
        ],
      ],
      [
        'google-drive',
        '/gvfs/google-drive:host=gmail.com,user=alice.smith',
        'personal',
        [
          `GNOME Online Accounts Google Drive mount ${temp.path}/gvfs/google-drive:host=gmail.com,user=alice.smith`,
        ],
      ],
      ['onedrive', '/onedriver', 'unknown', ['fuse.onedriver mount of onedriver']],
    ]);
  });

  it('names rclone remotes only when rclone.conf is encrypted', async () => {
    await writeFile(
      mountInfoPath,
      await readFixture('linux/mountinfo-cloud-mounts.txt', { home: temp.path }),
    );
    await lay(temp.path, {
      '.config/rclone/rclone.conf': 'RCLONE_ENCRYPT_V0:\nXbX3YzMDk4NjU0MzIxMA==\n',
      Work: null,
    });

    const destinations = await createSource().list();

    expect(byProvider(destinations, 'rclone')).toMatchObject([
      { path: join(temp.path, 'Work'), evidence: ['fuse.rclone mount of work-onedrive:Documents'] },
    ]);
  });
});

describe('CloudSyncSource on Linux: malformed input and changes', () => {
  it('finds nothing, and does not throw, in an empty home', async () => {
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records)).toEqual([]);
  });

  it('logs malformed config files of every kind and lists what stays readable', async () => {
    // Arrange: broken files, and one good Nextcloud folder among broken lines
    await lay(temp.path, {
      '.dropbox/info.json': '{"personal": {"path": ',
      '.config/Nextcloud/nextcloud.cfg': `[Accounts]\n0\\url=https://cloud.acme.example\nthis line is not a key\n0\\Folders\\1\\localPath=relative/path\n0\\Folders\\2\\localPath=${temp.path}/Nextcloud\n`,
      '.local/state/syncthing/config.xml': '<html><folder path="/etc"></html>',
      '.config/syncthing/config.xml':
        '<configuration><folder label="&#99999999;" path="relative"><folder path="',
      '.ccnet/seafile.ini': 'Seafile/.seafile-data\n',
      '.pcloud/data.db': 'SQLite format 3\u0000 but not really',
      '.config/yandex-disk/config.cfg': 'proxy="no"\n',
      '.config/onedrive/config': 'sync_dir = "/"\n',
      '.config/rclone/rclone.conf': '[broken\ntype drive\n',
      Nextcloud: null,
    });
    const logger = createMemoryLogger();

    // Act
    const destinations = await createSource(logger).list();

    // Assert
    expect(destinations.map((destination) => destination.path)).toEqual([
      join(temp.path, 'Nextcloud'),
    ]);
    const logged = warnings(logger.records).join('\n');
    for (const pattern of [
      /Ignoring ~\/\.dropbox\/info\.json: not JSON/,
      /Skipped 1 malformed lines of ~\/\.config\/Nextcloud\/nextcloud\.cfg/,
      /0\\Folders\\1\\localPath: "relative\/path" is not an absolute path/,
      /Ignoring ~\/\.local\/state\/syncthing\/config\.xml: not a Syncthing configuration/,
      /Ignoring Syncthing folder .* no absolute path/,
      /Ignoring ~\/\.ccnet\/seafile\.ini: its first line is not an absolute folder path/,
      /Ignoring ~\/\.pcloud\/data\.db: not a readable database/,
      /Ignoring ~\/\.config\/yandex-disk\/config\.cfg: it has no dir= line/,
      /Not watching \/ as a sync folder \(~\/\.config\/onedrive\/config: sync_dir "\/"\)/,
    ]) {
      expect(logged).toMatch(pattern);
    }
  });

  it('logs an account without a path and a config file that is a directory', async () => {
    await lay(temp.path, {
      '.dropbox/info.json': '{"personal": {"host": 1}}',
      '.config/onedrive/config': null,
    });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(
      /personal account of ~\/\.dropbox\/info\.json/,
    );
    expect(warnings(logger.records).join('\n')).toMatch(
      /~\/\.config\/onedrive\/config: .* is not a regular file/,
    );
  });

  it('logs a folder that a config names but that does not exist', async () => {
    const info = { business: { path: join(temp.path, 'Dropbox (Gone)'), is_team: true } };
    await lay(temp.path, { '.dropbox/info.json': JSON.stringify(info) });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(/Dropbox \(Gone\): it does not exist/);
  });

  it('discovers a new account when its config file appears, without a restart', async () => {
    // Arrange: polling, with nothing configured yet
    await lay(temp.path, { Nextcloud: null });
    const watched = createSource(createMemoryLogger(), 50);
    let changes = 0;
    watched.onDidChange(() => {
      changes++;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await watched.list()).toEqual([]);

    // Act: the client signs in an account
    await lay(temp.path, {
      '.config/Nextcloud/nextcloud.cfg': `[Accounts]\n0\\url=https://cloud.acme.example\n0\\dav_user=alice\n0\\Folders\\1\\localPath=${temp.path}/Nextcloud\n`,
    });
    await waitFor(() => changes > 0, 2_000, 'a change signal');

    // Assert
    expect((await watched.list()).map((destination) => destination.label)).toEqual([
      'Nextcloud (cloud.acme.example)',
    ]);
  });

  it('signals a change when an rclone mount appears in the mount table', async () => {
    const watched = createSource(createMemoryLogger(), 50);
    let changes = 0;
    watched.onDidChange(() => {
      changes++;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));

    await writeFile(
      mountInfoPath,
      await readFixture('linux/mountinfo-cloud-mounts.txt', { home: temp.path }),
    );
    await waitFor(() => changes > 0, 2_000, 'a change signal');

    expect(changes).toBeGreaterThan(0);
  });
});
