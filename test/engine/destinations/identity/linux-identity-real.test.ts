import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import type { Destination } from '../../../../src-main/engine/destinations/destination.ts';
import { RemovableVolumeSource } from '../../../../src-main/engine/destinations/removable-volumes.ts';
import { canRun } from '../../../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../../../support/temp.ts';
import { mountTestVolume, volumeTools } from '../../../support/volumes.ts';
import {
  mountNtfsVolume,
  mountZramVolume,
  ntfsTools,
  zramTools,
  type MountedVolume,
} from '../support/extra-volumes.ts';

const run = promisify(execFile);

/**
 * Identity of real volumes on this machine: loop devices with ext4 and exFAT (through FUSE),
 * NTFS through ntfs-3g from a loop device and from an image file, FAT through fusefat, and a
 * zram device. No udev runs here, so lsblk knows no label or filesystem; blkid (root only) fills
 * them in. None of these is USB: vendor, product and serial stay unknown, and say so.
 */

const tools = [
  ...volumeTools.ext4,
  ...volumeTools.fat,
  ...volumeTools.exfat,
  ...ntfsTools,
  ...zramTools,
  'blkid',
  'lsblk',
  'tune2fs',
];

async function blkidValue(path: string, tag: string): Promise<string> {
  return (await run('blkid', ['-p', '-o', 'value', '-s', tag, path])).stdout.trim();
}

describe.runIf(canRun({ root: true, tools }))(
  'RemovableVolumeSource identities on real volumes',
  () => {
    let mountRoot: TempDirectory;
    const volumes: MountedVolume[] = [];
    let byLabel: Map<string, Destination>;
    let listMs: number;

    beforeAll(async () => {
      // Arrange: one volume of each kind under one mount root
      mountRoot = await createTempDirectory('copywarden-media-');
      for (const [filesystem, label] of [
        ['ext4', 'EXTSTICK'],
        ['exfat', 'EXSTICK'],
        ['fat', 'FATSTICK'],
      ] as const) {
        const volume = await mountTestVolume({ filesystem, mountRoot: mountRoot.path, label });
        volumes.push({ ...volume, device: volume.loopDevice, image: null });
      }
      volumes.push(
        await mountNtfsVolume({
          mountRoot: mountRoot.path,
          label: 'NTLOOP',
          throughLoopDevice: true,
        }),
        await mountNtfsVolume({
          mountRoot: mountRoot.path,
          label: 'NTIMAGE',
          throughLoopDevice: false,
        }),
        await mountZramVolume({ mountRoot: mountRoot.path, label: 'ZRAM' }),
      );

      // Act: list once, as the agent does when it starts
      const source = new RemovableVolumeSource({
        mountRoots: [mountRoot.path],
        logger: createMemoryLogger(),
      });
      const startedAt = performance.now();
      const destinations = await source.list();
      listMs = performance.now() - startedAt;
      await source.dispose();
      byLabel = new Map(destinations.map((destination) => [destination.label, destination]));
    });

    afterAll(async () => {
      for (const volume of volumes.splice(0).reverse()) {
        await volume.dispose();
      }
      await mountRoot.dispose();
    });

    it('reads label, filesystem and UUID of an ext4 loop volume with blkid', async () => {
      const volume = volumes[0];
      const uuid = /Filesystem UUID:\s+(\S+)/.exec(
        (await run('tune2fs', ['-l', volume?.device ?? ''])).stdout,
      )?.[1];
      console.log(`listing six real volumes with their identities took ${listMs.toFixed(0)} ms`);

      expect(byLabel.get('EXTSTICK')?.device).toMatchObject({
        device: volume?.device,
        bus: 'virtual',
        isVirtual: true,
        sizeBytes: 64 * 1024 * 1024,
        volumeLabel: 'EXTSTICK',
        filesystem: 'ext4',
        volumeUuid: uuid,
        encrypted: false,
        vendorId: null,
        productId: null,
        serial: null,
      });
      expect(byLabel.get('EXTSTICK')?.evidence.at(-1)).toBe(
        `identity from lsblk, sysfs /sys/devices/virtual/block/${volume?.device?.slice(5) ?? ''}, blkid ${volume?.device ?? ''}`,
      );
    });

    it('reads an exFAT volume mounted through FUSE from its loop device', async () => {
      const volume = volumes[1];
      // tune.exfat will not open a mounted volume; blkid reads the same serial
      const serial = await blkidValue(volume?.device ?? '', 'UUID');

      expect(serial).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
      expect(byLabel.get('EXSTICK')?.device).toMatchObject({
        device: volume?.device,
        volumeLabel: 'EXSTICK',
        filesystem: 'exfat',
        volumeUuid: serial,
      });
    });

    it('reads NTFS volumes mounted by ntfs-3g from a loop device and from an image file', async () => {
      const [loop, image] = [volumes[3], volumes[4]];

      expect(byLabel.get('NTLOOP')?.device).toMatchObject({
        device: loop?.device,
        bus: 'virtual',
        volumeLabel: 'NTLOOP',
        filesystem: 'ntfs',
        volumeUuid: await blkidValue(loop?.device ?? '', 'UUID'),
      });
      expect(byLabel.get('NTIMAGE')?.device).toMatchObject({
        device: image?.image,
        bus: 'virtual',
        isVirtual: true,
        volumeLabel: 'NTIMAGE',
        filesystem: 'ntfs',
        volumeUuid: await blkidValue(image?.image ?? '', 'UUID'),
      });
    });

    it('reads a zram device and leaves a fusefat mount, which names no device, without one', () => {
      expect(byLabel.get('ZRAM')?.device).toMatchObject({
        device: volumes[5]?.device,
        bus: 'virtual',
        sizeBytes: 32 * 1024 * 1024,
        volumeLabel: 'ZRAM',
        filesystem: 'ext4',
      });
      expect(byLabel.get('FATSTICK')).toMatchObject({
        device: null,
        evidence: [`mounted under mount root ${mountRoot.path} (fuse.fusefat)`],
      });
    });
  },
);
