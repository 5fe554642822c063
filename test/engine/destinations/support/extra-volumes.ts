import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createTempDirectory } from '../../../support/temp.ts';

const run = promisify(execFile);

/** A volume mounted by one of these helpers; `dispose` unmounts it and frees what backs it. */
export interface MountedVolume {
  mountPoint: string;
  /** The block device behind it, or null when a FUSE driver reads an image file directly. */
  device: string | null;
  /** The image file behind it, or null for memory-backed devices. */
  image: string | null;
  dispose(): Promise<void>;
}

/** The tools the NTFS and zram helpers need, for `canRun`. */
export const ntfsTools = ['mkntfs', 'ntfs-3g', 'losetup', 'umount'];
export const zramTools = ['mkfs.ext4', 'mount', 'umount'];

/**
 * Formats an NTFS image and mounts it with ntfs-3g at `<mountRoot>/<label>`: through a loop
 * device (`fuseblk`), or from the image file itself (`fuse`), as ntfs-3g allows both.
 */
export async function mountNtfsVolume(options: {
  mountRoot: string;
  label: string;
  throughLoopDevice: boolean;
}): Promise<MountedVolume> {
  const backing = await createTempDirectory('copywarden-ntfs-');
  const image = join(backing.path, 'volume.img');
  const mountPoint = join(options.mountRoot, options.label);
  await mkdir(mountPoint, { recursive: true });
  await run('truncate', ['-s', '32M', image]);
  await run('mkntfs', ['-q', '-F', '-f', '-L', options.label, image]);

  // Mount through a loop device or straight from the file
  const device = options.throughLoopDevice
    ? (await run('losetup', ['--find', '--show', image])).stdout.trim()
    : null;
  await run('ntfs-3g', [device ?? image, mountPoint]);

  return {
    mountPoint,
    device,
    image,
    dispose: async () => {
      await unmount(mountPoint);
      if (device !== null) {
        await run('losetup', ['-d', device]).catch(() => undefined);
      }
      await rm(mountPoint, { recursive: true, force: true });
      await backing.dispose();
    },
  };
}

/** Adds a zram device, formats it ext4 and mounts it at `<mountRoot>/<label>`. */
export async function mountZramVolume(options: {
  mountRoot: string;
  label: string;
}): Promise<MountedVolume> {
  // A new zram device with room for a small filesystem
  const index = (await readFile('/sys/class/zram-control/hot_add', 'utf8')).trim();
  const device = `/dev/zram${index}`;
  const removeDevice = (): Promise<void> =>
    writeFile('/sys/class/zram-control/hot_remove', index).catch(() => undefined);
  const mountPoint = join(options.mountRoot, options.label);

  try {
    await writeFile(`/sys/block/zram${index}/disksize`, '32M');
    await run('mkfs.ext4', ['-q', '-F', '-L', options.label, device]);
    await mkdir(mountPoint, { recursive: true });
    await run('mount', [device, mountPoint]);
  } catch (error) {
    await removeDevice();
    throw error;
  }

  return {
    mountPoint,
    device,
    image: null,
    dispose: async () => {
      await unmount(mountPoint);
      await removeDevice();
      await rm(mountPoint, { recursive: true, force: true });
    },
  };
}

/** FUSE daemons may hold a mount a moment after a test; fall back to a lazy unmount. */
async function unmount(mountPoint: string): Promise<void> {
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
