import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createTempDirectory } from './temp.ts';

const run = promisify(execFile);

/** The filesystems a test volume can carry. */
export type VolumeFilesystem = 'ext4' | 'fat' | 'exfat';

/** A real volume mounted for a test. Needs root and the filesystem's tools. */
export interface TestVolume {
  /** Where it is mounted. */
  mountPoint: string;
  /** The loop device, when one backs the volume. */
  loopDevice: string | null;
  filesystem: VolumeFilesystem;
  /** Unmounts the volume and frees its backing file and loop device. */
  dispose(): Promise<void>;
}

/** Options for a test volume. */
export interface TestVolumeOptions {
  filesystem: VolumeFilesystem;
  /** The folder the volume is mounted in; it is mounted at `<mountRoot>/<label>`. */
  mountRoot: string;
  label: string;
  sizeMiB?: number;
}

/** The tools each filesystem needs, for `canRun`. */
export const volumeTools: Record<VolumeFilesystem, string[]> = {
  ext4: ['mkfs.ext4', 'losetup', 'mount', 'umount'],
  fat: ['mkfs.vfat', 'fusefat', 'umount'],
  exfat: ['mkfs.exfat', 'mount.exfat-fuse', 'losetup', 'umount'],
};

/** Creates a backing file, formats it, and mounts it at `<mountRoot>/<label>`. */
export async function mountTestVolume(options: TestVolumeOptions): Promise<TestVolume> {
  const backing = await createTempDirectory('copywarden-volume-');
  const image = join(backing.path, 'volume.img');
  const mountPoint = join(options.mountRoot, options.label);
  await mkdir(mountPoint, { recursive: true });
  await run('truncate', ['-s', `${options.sizeMiB ?? 64}M`, image]);

  // Format and mount
  let loopDevice: string | null = null;
  switch (options.filesystem) {
    case 'ext4':
      await run('mkfs.ext4', ['-q', '-F', '-L', options.label, image]);
      loopDevice = await attachLoop(image);
      await run('mount', [loopDevice, mountPoint]);
      break;
    case 'fat':
      await run('mkfs.vfat', ['-n', options.label.slice(0, 11).toUpperCase(), image]);
      await run('fusefat', ['-o', 'rw+', image, mountPoint]);
      break;
    case 'exfat':
      await run('mkfs.exfat', ['-L', options.label, image]);
      loopDevice = await attachLoop(image);
      await run('mount.exfat-fuse', [loopDevice, mountPoint]);
      break;
  }

  const dispose = async (): Promise<void> => {
    await unmountWithRetry(mountPoint);
    if (loopDevice !== null) {
      await run('losetup', ['-d', loopDevice]).catch(() => undefined);
    }
    await rm(mountPoint, { recursive: true, force: true }).catch(() => undefined);
    await backing.dispose();
  };
  return { mountPoint, loopDevice, filesystem: options.filesystem, dispose };
}

async function attachLoop(image: string): Promise<string> {
  const { stdout } = await run('losetup', ['--find', '--show', image]);
  return stdout.trim();
}

/** FUSE daemons and watchers may hold the mount a moment after a test ends. */
async function unmountWithRetry(mountPoint: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await run('umount', [mountPoint]);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await run('umount', ['-l', mountPoint]).catch(() => undefined);
}
