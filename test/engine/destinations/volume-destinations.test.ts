import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Drive } from 'drivelist';
import { parse as parseLsblkJson } from 'drivelist/js/lsblk/json.js';
import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { LinuxIdentityReader } from '../../../src-main/engine/destinations/identity/linux-identity-reader.ts';
import { RemovableVolumeSource } from '../../../src-main/engine/destinations/removable-volumes.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import {
  buildSysfsTree,
  readIdentityFixture,
  recordedOutput,
} from './identity/identity-fixtures.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/destinations');

async function recordedDrives(): Promise<Drive[]> {
  const text = await readFile(join(fixtures, 'lsblk-usb-stick-and-sata-disk.json'), 'utf8');
  return parseLsblkJson(text);
}

describe('RemovableVolumeSource with recorded lsblk output', () => {
  let temp: TempDirectory | undefined;
  let source: RemovableVolumeSource | undefined;

  afterEach(async () => {
    await source?.dispose();
    await temp?.dispose();
  });

  async function createSource(
    mountInfoLines: string[],
    mountRoots: string[],
  ): Promise<RemovableVolumeSource> {
    temp = await createTempDirectory();
    const mountInfoPath = join(temp.path, 'mountinfo');
    await writeFile(mountInfoPath, mountInfoLines.join('\n'));
    const identityReader = new LinuxIdentityReader({
      logger: createMemoryLogger(),
      sysfsRoot: await buildSysfsTree(join(temp.path, 'sys')),
      udevDataRoot: join(temp.path, 'udev'),
      runLsblk: recordedOutput(await readIdentityFixture('lsblk-list.json')),
      runBlkid: () => Promise.resolve({ ok: false, message: 'blkid failed: not recorded' }),
    });
    return new RemovableVolumeSource({
      mountRoots,
      logger: createMemoryLogger(),
      listDrives: recordedDrives,
      mountInfoPath,
      identityReader,
      listGvfsRoots: () => Promise.resolve([]),
    });
  }

  it('lists the USB stick with its identity and not the system disk', async () => {
    source = await createSource([], []);

    const destinations = await source.list();

    expect(destinations).toEqual([
      {
        id: 'volume:/media/alice/STICK',
        kind: 'removable-volume',
        path: '/media/alice/STICK',
        label: 'STICK',
        provider: null,
        account: null,
        device: {
          device: '/dev/sdb',
          description: 'SanDisk Cruzer Blade (STICK)',
          bus: 'usb',
          isUsb: true,
          isRemovable: true,
          isVirtual: false,
          sizeBytes: 15631122432,
          vendorId: '0781',
          productId: '5567',
          serial: '4C530001230101117263',
          vendor: 'SanDisk',
          model: 'Cruzer Blade',
          volumeLabel: 'STICK',
          filesystem: 'vfat',
          volumeUuid: '1A2B-3C4D',
          encrypted: false,
        },
        evidence: [
          'drivelist: USB removable /dev/sdb',
          `identity from lsblk, sysfs ${temp?.path ?? ''}/sys/devices/pci0000:00/0000:00:14.0/usb2/2-1`,
        ],
      },
    ]);
  });

  it('adds mount-root evidence when the stick is also mounted under a mount root', async () => {
    source = await createSource(
      [
        '27 1 8:2 / / rw - ext4 /dev/sda2 rw',
        '90 27 8:17 / /media/alice/STICK rw,nosuid - vfat /dev/sdb1 rw',
      ],
      ['/media'],
    );

    const [stick, ...others] = await source.list();

    expect(others).toEqual([]);
    expect(stick?.device?.device).toBe('/dev/sdb');
    expect(stick?.evidence.slice(0, 2)).toEqual([
      'drivelist: USB removable /dev/sdb',
      'mounted under mount root /media (vfat)',
    ]);
    expect(stick?.device).toMatchObject({ serial: '4C530001230101117263', volumeLabel: 'STICK' });
  });

  it('gives a mount drivelist does not list its device from the mount source', async () => {
    source = await createSource(
      [
        '91 27 7:3 / /media/alice/Backup\\040Disk rw - ext4 /dev/loop3 rw',
        '92 27 0:40 / /media/alice/FAT rw - fuse.fusefat fusefat rw',
        '93 27 0:41 / /media/alice/tmp rw - tmpfs tmpfs rw',
      ],
      ['/media'],
    );

    const destinations = await source.list();
    const byPath = new Map(destinations.map((destination) => [destination.path, destination]));

    expect(byPath.get('/media/alice/Backup Disk')?.device).toMatchObject({
      device: '/dev/loop3',
      isUsb: false,
      isVirtual: true,
    });
    expect(byPath.get('/media/alice/Backup Disk')?.label).toBe('Backup Disk');
    expect(byPath.get('/media/alice/FAT')?.device).toBeNull();
    expect(byPath.has('/media/alice/tmp')).toBe(false);
  });

  it('ignores the mount root itself and mounts outside it', async () => {
    source = await createSource(
      ['94 27 7:4 / /media rw - ext4 /dev/loop4 rw', '95 27 7:5 / /mnt/x rw - ext4 /dev/loop5 rw'],
      ['/media'],
    );

    const destinations = await source.list();

    expect(destinations.map((destination) => destination.path)).toEqual(['/media/alice/STICK']);
  });

  it('leaves network shares mounted under a mount root to the network-share source', async () => {
    source = await createSource(
      [
        '96 27 0:55 / /media/alice/teamshare rw - cifs //files.acme.local/team rw',
        '97 27 0:56 / /media/alice/nfs rw - nfs4 files:/export rw',
      ],
      ['/media'],
    );

    const destinations = await source.list();

    expect(destinations.map((destination) => destination.path)).toEqual(['/media/alice/STICK']);
  });

  it('logs a failing drive list and still lists mounts', async () => {
    temp = await createTempDirectory();
    const mountInfoPath = join(temp.path, 'mountinfo');
    await writeFile(mountInfoPath, '91 27 7:3 / /media/alice/X rw - ext4 /dev/loop3 rw\n');
    const logger = createMemoryLogger();
    source = new RemovableVolumeSource({
      mountRoots: ['/media'],
      logger,
      listDrives: () => Promise.reject(new Error('lsblk: not found')),
      mountInfoPath,
      identityReader: { read: () => Promise.resolve(new Map()) },
      listGvfsRoots: () => Promise.resolve([]),
    });

    const destinations = await source.list();

    expect(destinations.map((destination) => destination.path)).toEqual(['/media/alice/X']);
    expect(logger.records.some((record) => record.level === 'warn')).toBe(true);
  });
});
