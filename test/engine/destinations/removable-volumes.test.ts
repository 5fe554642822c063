import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { measureChangeLatency } from '../../../src-main/engine/destinations/change-latency.ts';
import {
  defaultMountRoots,
  RemovableVolumeSource,
} from '../../../src-main/engine/destinations/removable-volumes.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, delay, type TempDirectory } from '../../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../../support/volumes.ts';

const run = promisify(execFile);

describe('defaultMountRoots', () => {
  it('names the desktop mount folders of each platform', () => {
    expect(defaultMountRoots('linux')).toEqual(['/media', '/run/media']);
    expect(defaultMountRoots('darwin')).toEqual(['/Volumes']);
    expect(defaultMountRoots('win32')).toEqual([]);
  });
});

describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, ...volumeTools.fat] }))(
  'RemovableVolumeSource with real volumes',
  () => {
    let mountRoot: TempDirectory | undefined;
    let source: RemovableVolumeSource | undefined;
    const volumes: TestVolume[] = [];

    afterEach(async () => {
      await source?.dispose();
      for (const volume of volumes.splice(0)) {
        await volume.dispose();
      }
      await mountRoot?.dispose();
    });

    it('lists ext4 loop and FUSE FAT volumes mounted under a mount root', async () => {
      mountRoot = await createTempDirectory('copywarden-media-');
      volumes.push(
        await mountTestVolume({ filesystem: 'ext4', mountRoot: mountRoot.path, label: 'EXTSTICK' }),
        await mountTestVolume({ filesystem: 'fat', mountRoot: mountRoot.path, label: 'FATSTICK' }),
      );
      source = new RemovableVolumeSource({
        mountRoots: [mountRoot.path],
        logger: createMemoryLogger(),
      });

      const destinations = await source.list();
      const byLabel = new Map(destinations.map((destination) => [destination.label, destination]));

      expect(byLabel.get('EXTSTICK')).toMatchObject({
        id: `volume:${join(mountRoot.path, 'EXTSTICK')}`,
        kind: 'removable-volume',
        device: { device: volumes[0]?.loopDevice, isVirtual: true, volumeLabel: 'EXTSTICK' },
      });
      expect(byLabel.get('EXTSTICK')?.evidence[0]).toBe(
        `mounted under mount root ${mountRoot.path} (ext4)`,
      );
      expect(byLabel.get('FATSTICK')).toMatchObject({
        path: join(mountRoot.path, 'FATSTICK'),
        device: null,
        evidence: [`mounted under mount root ${mountRoot.path} (fuse.fusefat)`],
      });
    });

    it('signals a mount and an unmount on an existing folder quickly', async () => {
      // Arrange: a formatted loop device and an existing mount folder
      mountRoot = await createTempDirectory('copywarden-media-');
      const image = join(mountRoot.path, '..', `${mountRoot.path.split('/').pop() ?? ''}.img`);
      const mountPoint = join(mountRoot.path, 'alice', 'TIMED');
      await mkdir(mountPoint, { recursive: true });
      await run('truncate', ['-s', '32M', image]);
      await run('mkfs.ext4', ['-q', '-F', image]);
      const loopDevice = (await run('losetup', ['--find', '--show', image])).stdout.trim();
      source = new RemovableVolumeSource({
        mountRoots: [mountRoot.path],
        logger: createMemoryLogger(),
      });
      await source.whenReady();
      await delay(300);

      try {
        // Act
        const mounted = await measureChangeLatency(
          source.onDidChange,
          async () => {
            await run('mount', [loopDevice, mountPoint]);
          },
          2_000,
        );
        const listed = await source.list();
        await delay(300);
        const unmounted = await measureChangeLatency(
          source.onDidChange,
          async () => {
            await run('umount', [mountPoint]);
          },
          2_000,
        );

        // Assert
        console.log(
          `mount -> onDidChange ${mounted.sinceActionStartMs.toFixed(1)} ms after mount started ` +
            `(${mounted.sinceActionEndMs.toFixed(1)} ms after it returned); unmount -> ` +
            `${unmounted.sinceActionStartMs.toFixed(1)} ms`,
        );
        expect(mounted.sinceActionStartMs).toBeLessThan(2_000);
        expect(unmounted.sinceActionStartMs).toBeLessThan(2_000);
        expect(listed.map((destination) => destination.path)).toContain(mountPoint);
      } finally {
        await run('umount', [mountPoint]).catch(() => undefined);
        await run('losetup', ['-d', loopDevice]).catch(() => undefined);
        await rm(image, { force: true });
      }
    });
  },
);
