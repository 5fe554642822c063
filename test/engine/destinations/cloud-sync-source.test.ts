import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger, type LogRecord } from '../../../src-main/engine/base/logger.ts';
import type { Destination } from '../../../src-main/engine/destinations/destination.ts';
import { CloudSyncSource } from '../../../src-main/engine/destinations/sync/cloud-sync-source.ts';
import { oneDriveAccountsKey } from '../../../src-main/engine/destinations/sync/onedrive.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/destinations');

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

/** Creates folders and files under the fixture home; paths use slashes. */
async function lay(files: Record<string, string | Buffer | null>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(temp.path, relative);
    if (content === null) {
      await mkdir(path, { recursive: true });
    } else {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, content);
    }
  }
}

function byProvider(destinations: Destination[], provider: string): Destination[] {
  return destinations.filter((destination) => destination.provider === provider);
}

function warnings(records: LogRecord[]): string[] {
  return records.filter((record) => record.level === 'warn').map((record) => record.message);
}

describe('CloudSyncSource on Linux', () => {
  function createSource(logger = createMemoryLogger()): CloudSyncSource {
    source = new CloudSyncSource({ home: temp.path, platform: 'linux', env: {}, logger });
    return source;
  }

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
    await lay({
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

  it('finds the OneDrive folder of the onedrive client config', async () => {
    await lay({
      '.config/onedrive/config': '# sync_dir = "~/OneDrive"\nsync_dir = "~/Cloud/OneDrive"\n',
      'Cloud/OneDrive': null,
    });

    const [destination] = await createSource().list();

    expect(destination).toMatchObject({
      path: join(temp.path, 'Cloud/OneDrive'),
      provider: 'onedrive',
      account: { type: 'unknown' },
      evidence: ['~/.config/onedrive/config: sync_dir "~/Cloud/OneDrive"'],
    });
  });

  it('uses ~/OneDrive when the onedrive client has no config file', async () => {
    await lay({ '.config/onedrive/refresh_token': 'x', OneDrive: null });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => destination.path)).toEqual([
      join(temp.path, 'OneDrive'),
    ]);
  });

  it('finds nothing, and does not throw, in an empty home', async () => {
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records)).toEqual([]);
  });

  it('logs a malformed info.json and lists nothing from it', async () => {
    await lay({ '.dropbox/info.json': '{"personal": {"path": ', Dropbox: null });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records)).toEqual(['Ignoring ~/.dropbox/info.json: not JSON']);
  });

  it('logs an account without a path and a config folder that is a directory', async () => {
    await lay({
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

  it('logs a folder that info.json names but that does not exist', async () => {
    const info = { business: { path: join(temp.path, 'Dropbox (Gone)'), is_team: true } };
    await lay({ '.dropbox/info.json': JSON.stringify(info) });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(/Dropbox \(Gone\): it does not exist/);
  });

  it('signals a change when a provider config file appears', async () => {
    source = new CloudSyncSource({
      home: temp.path,
      platform: 'linux',
      env: {},
      logger: createMemoryLogger(),
      pollIntervalMs: 50,
    });
    let changes = 0;
    source.onDidChange(() => {
      changes++;
    });
    await new Promise((resolve) => setTimeout(resolve, 120));

    await lay({ '.dropbox/info.json': '{}' });
    await waitFor(() => changes > 0, 2_000, 'a change signal');

    expect(changes).toBeGreaterThan(0);
  });
});

describe('CloudSyncSource on macOS', () => {
  it('tells every provider folder apart from a fixture home', async () => {
    await lay({
      'Library/CloudStorage/Dropbox': null,
      'Library/CloudStorage/OneDrive-Personal': null,
      'Library/CloudStorage/OneDrive-Contoso': null,
      'Library/CloudStorage/OneDrive-SharedLibraries-Contoso': null,
      'Library/CloudStorage/GoogleDrive-alice@gmail.com/My Drive': null,
      'Library/CloudStorage/GoogleDrive-bob@acme.example': null,
      'Library/CloudStorage/Box-Box': null,
      'Library/Mobile Documents/com~apple~CloudDocs': null,
    });
    source = new CloudSyncSource({
      home: temp.path,
      platform: 'darwin',
      env: {},
      logger: createMemoryLogger(),
    });

    const destinations = await source.list();

    const storage = join(temp.path, 'Library/CloudStorage');
    expect(byProvider(destinations, 'dropbox')).toMatchObject([
      { path: join(storage, 'Dropbox'), account: { type: 'unknown' } },
    ]);
    expect(
      byProvider(destinations, 'onedrive').map((destination) => [
        destination.path,
        destination.account,
      ]),
    ).toEqual([
      [
        join(storage, 'OneDrive-Contoso'),
        { type: 'business', email: null, organisation: 'Contoso' },
      ],
      [join(storage, 'OneDrive-Personal'), { type: 'personal', email: null, organisation: null }],
      [
        join(storage, 'OneDrive-SharedLibraries-Contoso'),
        { type: 'business', email: null, organisation: 'Contoso' },
      ],
    ]);
    expect(
      byProvider(destinations, 'google-drive').map((destination) => destination.account),
    ).toEqual([
      { type: 'personal', email: 'alice@gmail.com', organisation: null },
      { type: 'business', email: 'bob@acme.example', organisation: 'acme.example' },
    ]);
    expect(byProvider(destinations, 'icloud')).toMatchObject([
      {
        id: `cloud:icloud:personal:${join(temp.path, 'Library/Mobile Documents/com~apple~CloudDocs')}`,
        evidence: ['iCloud Drive folder ~/Library/Mobile Documents/com~apple~CloudDocs'],
      },
    ]);
    expect(byProvider(destinations, 'box')).toMatchObject([{ path: join(storage, 'Box-Box') }]);
  });

  it('reads the Dropbox info.json of macOS and does not list its folder twice', async () => {
    const path = join(temp.path, 'Library/CloudStorage/Dropbox');
    await lay({
      '.dropbox/info.json': JSON.stringify({ personal: { path, is_team: false } }),
      'Library/CloudStorage/Dropbox': null,
    });
    source = new CloudSyncSource({
      home: temp.path,
      platform: 'darwin',
      env: {},
      logger: createMemoryLogger(),
    });

    const destinations = await source.list();

    expect(destinations).toMatchObject([{ path, account: { type: 'personal' } }]);
  });
});

describe('CloudSyncSource on Windows', () => {
  /** The fixture home in Windows form, such as `\tmp\copywarden-home-x`. */
  let home: string;
  let env: Record<string, string>;
  let registry: Map<string, string>;

  beforeEach(() => {
    home = win32.normalize(temp.path);
    env = {
      USERPROFILE: home,
      APPDATA: win32.join(home, 'AppData', 'Roaming'),
      LOCALAPPDATA: win32.join(home, 'AppData', 'Local'),
    };
    registry = new Map();
  });

  function createSource(logger = createMemoryLogger()): CloudSyncSource {
    source = new CloudSyncSource({
      home,
      platform: 'win32',
      env,
      logger,
      queryRegistry: (key) => Promise.resolve(registry.get(key) ?? null),
    });
    return source;
  }

  it('reads info.json from both %APPDATA% and %LOCALAPPDATA%', async () => {
    await lay({
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

  it('tells OneDrive personal, business and library folders apart from the registry', async () => {
    const recorded = await readFile(join(fixtures, 'onedrive-accounts.reg.txt'), 'utf8');
    registry.set(oneDriveAccountsKey, recorded.replaceAll('C:\\Users\\alice', home));
    env['OneDriveCommercial'] = win32.join(home, 'OneDrive - Contoso');
    await lay({ OneDrive: null, 'OneDrive - Contoso': null, 'Contoso/Finance - Documents': null });

    const destinations = await createSource().list();

    expect(destinations.map((destination) => [destination.path, destination.account])).toEqual([
      [
        win32.join(home, 'OneDrive - Contoso'),
        { type: 'business', email: 'alice@contoso.com', organisation: 'Contoso' },
      ],
      [
        win32.join(home, 'Contoso', 'Finance - Documents'),
        { type: 'business', email: 'alice@contoso.com', organisation: 'Contoso' },
      ],
      [
        win32.join(home, 'OneDrive'),
        { type: 'personal', email: 'alice@outlook.com', organisation: null },
      ],
    ]);
    expect(destinations[0]?.evidence).toEqual([
      'registry OneDrive\\Accounts: Business1, email alice@contoso.com, tenant 72f988bf-86f1-41af-91ab-2d7cd011db47',
    ]);
  });

  it('falls back to the OneDrive environment variables', async () => {
    env['OneDriveConsumer'] = win32.join(home, 'OneDrive');
    env['OneDriveCommercial'] = win32.join(home, 'OneDrive - Fabrikam');
    await lay({ OneDrive: null, 'OneDrive - Fabrikam': null });

    const destinations = await createSource().list();

    expect(
      destinations.map((destination) => [destination.account?.type, destination.evidence]),
    ).toEqual([
      ['personal', ['environment variable %OneDriveConsumer%']],
      ['business', ['environment variable %OneDriveCommercial%']],
    ]);
  });

  it('reads Google Drive roots and streaming drives from a copy of the DriveFS database', async () => {
    // Arrange: a DriveFS root database in the documented layout
    await lay({ 'AppData/Local/Google/DriveFS': null, 'My Drive mirror': null, Photos: null });
    const databasePath = join(temp.path, 'AppData/Local/Google/DriveFS/root_preference_sqlite.db');
    const database = new DatabaseSync(databasePath);
    database.exec(
      'CREATE TABLE roots (root_id INTEGER, last_seen_absolute_path TEXT, title TEXT, is_my_drive INTEGER, state INTEGER);' +
        'CREATE TABLE media (media_id TEXT, last_mount_point TEXT, name TEXT, fs_type INTEGER);',
    );
    const insertRoot = database.prepare('INSERT INTO roots VALUES (?, ?, ?, ?, 1)');
    insertRoot.run(1, `\\\\?\\${win32.join(home, 'My Drive mirror')}`, 'My Drive', 1);
    insertRoot.run(2, `\\\\?\\${win32.join(home, 'Photos')}`, 'Photos', 0);
    database.prepare('INSERT INTO media VALUES (?, ?, ?, ?)').run('m1', 'G', 'Google Drive', 10);
    database.close();
    const logger = createMemoryLogger();

    // Act
    const destinations = await createSource(logger).list();

    // Assert: the streaming drive G: does not exist on this host, so it is not listed
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
    expect(warnings(logger.records).join('\n')).toMatch(/G:\\My Drive: it does not exist/);
  });

  it('logs a DriveFS database that is not SQLite', async () => {
    await lay({ 'AppData/Local/Google/DriveFS/root_preference_sqlite.db': 'not a database' });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(/not a readable DriveFS database/);
  });

  it('finds iCloud Drive under the profile folder', async () => {
    await lay({ iCloudDrive: null });

    const destinations = await createSource().list();

    expect(destinations).toMatchObject([
      {
        id: `cloud:icloud:personal:${win32.join(home, 'iCloudDrive')}`,
        label: 'iCloud Drive (personal)',
        evidence: ['iCloud Drive folder %USERPROFILE%\\iCloudDrive'],
      },
    ]);
  });

  it('reads the Box Drive folder from a UTF-16 sync_root_folder.txt', async () => {
    const text = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${win32.join(home, 'Box')}\r\n`, 'utf16le'),
    ]);
    await lay({ 'AppData/Local/Box/Box/data/shell/sync_root_folder.txt': text, Box: null });

    const destinations = await createSource().list();

    expect(destinations).toMatchObject([
      {
        path: win32.join(home, 'Box'),
        provider: 'box',
        account: { type: 'unknown' },
        evidence: ['%LOCALAPPDATA%\\Box\\Box\\data\\shell\\sync_root_folder.txt'],
      },
    ]);
  });

  it('logs a Box sync_root_folder.txt that holds no path', async () => {
    await lay({ 'AppData/Local/Box Sync/sync_root_folder.txt': 'relative\\path' });
    const logger = createMemoryLogger();

    const destinations = await createSource(logger).list();

    expect(destinations).toEqual([]);
    expect(warnings(logger.records).join('\n')).toMatch(/does not hold one absolute folder path/);
  });
});
