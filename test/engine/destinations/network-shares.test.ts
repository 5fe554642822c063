import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { parseMountInfo } from '../../../src-main/engine/destinations/mountinfo.ts';
import {
  NetworkShareSource,
  parseMacMountOutput,
  parseWindowsMappings,
  sharesFromMountTable,
} from '../../../src-main/engine/destinations/network-shares.ts';
import { canRun } from '../../support/requirements.ts';
import { mountSshfs, sshfsTools } from './sync/support/sshfs-mount.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../../support/temp.ts';

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, '../../fixtures/destinations/sync/network');

async function fixture(name: string): Promise<string> {
  return readFile(join(fixtures, name), 'utf8');
}

let temp: TempDirectory;
let source: NetworkShareSource | undefined;

beforeEach(async () => {
  temp = await createTempDirectory('copywarden-shares-');
});

afterEach(async () => {
  await source?.dispose();
  source = undefined;
  await temp.dispose();
});

describe('sharesFromMountTable', () => {
  it('classifies SMB, NFS, SSHFS and WebDAV mounts and leaves tmpfs and bind mounts out', async () => {
    const { entries } = parseMountInfo(await fixture('mountinfo-shares.txt'));

    const shares = sharesFromMountTable(entries);

    expect(shares.map((share) => [share.path, share.protocol, share.remote])).toEqual([
      ['/mnt/finance', 'smb', '//fileserver.acme.example/finance'],
      ['/mnt/home-nas', 'nfs', 'nas.home.arpa:/export/backup'],
      ['/home/alice/remote box', 'sshfs', 'alice@box.example.net:/srv/data'],
      ['/mnt/dav', 'webdav', 'https://dav.example.org/remote.php/webdav'],
      ['/mnt/legacy', 'nfs', 'legacy.acme.example:/vol/projects'],
    ]);
  });
});

describe('parseMacMountOutput', () => {
  it('finds smbfs, nfs, afpfs and webdav volumes and no local disk', async () => {
    const shares = parseMacMountOutput(await fixture('mac-mount.txt'));

    expect(shares.map((share) => [share.path, share.protocol, share.evidence])).toEqual([
      ['/Volumes/Finance', 'smb', 'smbfs mount of //alice@fileserver.acme.example/Finance'],
      ['/Volumes/backup', 'nfs', 'nfs mount of nas.home.arpa:/export/backup'],
      ['/Volumes/Time Capsule', 'afp', 'afpfs mount of afp_0TQvDA0dbGvM0000000000-1.2d000006'],
      ['/Volumes/webdav', 'webdav', 'webdav mount of https://dav.example.org/remote.php/webdav'],
    ]);
  });
});

describe('parseWindowsMappings', () => {
  it('reads mapped drives of net use, wrapped WebDAV rows included, and skips bare connections', async () => {
    const shares = parseWindowsMappings(await fixture('net-use.txt'), 'net use');

    expect(shares.map((share) => [share.path, share.protocol, share.evidence])).toEqual([
      ['Z:\\', 'smb', 'net use: Z: mapped to \\\\fileserver\\projects, status OK'],
      ['Y:\\', 'smb', 'net use: Y: mapped to \\\\nas\\backup, status Unavailable'],
      ['W:\\', 'webdav', 'net use: W: mapped to \\\\webdav.acme.example@SSL\\DavWWWRoot'],
      ['X:\\', 'smb', 'net use: X: mapped to \\\\fileserver\\Team Share, status Disconnected'],
    ]);
  });

  it('reads the table of Get-SmbMapping', async () => {
    const shares = parseWindowsMappings(await fixture('get-smbmapping.txt'), 'Get-SmbMapping');

    expect(shares.map((share) => share.remote)).toEqual([
      '\\\\fileserver\\projects',
      '\\\\nas\\backup',
    ]);
  });
});

describe('NetworkShareSource', () => {
  it('lists Linux shares as network-share destinations, GVfs locations included', async () => {
    // Arrange: the recorded table plus a GVfs mount whose folders name the locations
    const gvfs = join(temp.path, 'gvfs');
    await mkdir(join(gvfs, 'smb-share:server=nas,share=backup'), { recursive: true });
    await mkdir(join(gvfs, 'mtp:host=Google_Pixel_7_2B061FDH2000XZ'), { recursive: true });
    const mountInfoPath = join(temp.path, 'mountinfo');
    const table = await fixture('mountinfo-shares.txt');
    await writeFile(mountInfoPath, table.replace('/run/user/1000/gvfs', gvfs));
    source = new NetworkShareSource({
      logger: createMemoryLogger(),
      platform: 'linux',
      mountInfoPath,
    });

    const destinations = await source.list();

    expect(destinations[0]).toEqual({
      id: 'share:/mnt/finance',
      kind: 'network-share',
      path: '/mnt/finance',
      label: '//fileserver.acme.example/finance (SMB)',
      provider: 'smb',
      account: null,
      device: null,
      evidence: ['cifs mount of //fileserver.acme.example/finance'],
    });
    expect(destinations.map((destination) => destination.path)).toEqual([
      '/mnt/finance',
      '/mnt/home-nas',
      '/home/alice/remote box',
      '/mnt/dav',
      '/mnt/legacy',
      join(gvfs, 'smb-share:server=nas,share=backup'),
    ]);
  });

  it('falls back to Get-SmbMapping on Windows when net use fails', async () => {
    const output = await fixture('get-smbmapping.txt');
    const commands: string[] = [];
    source = new NetworkShareSource({
      logger: createMemoryLogger(),
      platform: 'win32',
      runCommand: (command) => {
        commands.push(command);
        return Promise.resolve(command === 'net' ? null : output);
      },
    });

    const destinations = await source.list();

    expect(destinations.map((destination) => destination.label)).toEqual([
      '\\\\fileserver\\projects (SMB)',
      '\\\\nas\\backup (SMB)',
    ]);
    expect(commands).toContain('powershell.exe');
  });

  it('signals a change when a share is mounted, and no longer once disposed', async () => {
    // Arrange
    const mountInfoPath = join(temp.path, 'mountinfo');
    await writeFile(mountInfoPath, '22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n');
    const watched = new NetworkShareSource({
      logger: createMemoryLogger(),
      platform: 'linux',
      mountInfoPath,
      pollIntervalMs: 30,
    });
    source = watched;
    let changes = 0;
    watched.onDidChange(() => {
      changes++;
    });
    await delay(90);

    // Act: a share is mounted
    await writeFile(mountInfoPath, await fixture('mountinfo-shares.txt'));
    await waitFor(() => changes > 0, 2_000, 'a change signal');

    // Assert: nothing fires after disposal
    await watched.dispose();
    const changesAtDispose = changes;
    await writeFile(mountInfoPath, '22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw\n');
    await delay(120);
    expect(changes).toBe(changesAtDispose);
  });

  describe.runIf(canRun({ root: true, tools: ['mount', 'umount', ...sshfsTools] }))(
    'on this machine',
    () => {
      it('lists a real SSHFS mount of a local sshd', async () => {
        // Arrange: sshd on 127.0.0.1 and an SSHFS mount of one of its folders
        const mount = await mountSshfs(temp.path);
        try {
          source = new NetworkShareSource({ logger: createMemoryLogger(), platform: 'linux' });

          // Act
          const destinations = await source.list();

          // Assert
          expect(
            destinations.filter((destination) => destination.path === mount.mountPoint),
          ).toEqual([
            {
              id: `share:${mount.mountPoint}`,
              kind: 'network-share',
              path: mount.mountPoint,
              label: `${mount.remote} (SSHFS)`,
              provider: 'sshfs',
              account: null,
              device: null,
              evidence: [`fuse.sshfs mount of ${mount.remote}`],
            },
          ]);
        } finally {
          await mount.dispose();
        }
      });

      it('does not list a real tmpfs mount', async () => {
        // Arrange: a tmpfs mounted for real
        const mountPoint = join(temp.path, 'scratch');
        await mkdir(mountPoint);
        await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'copywarden-test', mountPoint]);
        try {
          const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
          source = new NetworkShareSource({ logger: createMemoryLogger(), platform: 'linux' });

          // Act
          const destinations = await source.list();

          // Assert: the mount is in the table, and not a share
          expect(mountInfo).toContain(mountPoint);
          expect(destinations.map((destination) => destination.path)).not.toContain(mountPoint);
        } finally {
          await run('umount', [mountPoint]);
        }
      });
    },
  );
});
