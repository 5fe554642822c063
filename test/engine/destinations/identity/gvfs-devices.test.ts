import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { measureChangeLatency } from '../../../../src-main/engine/destinations/change-latency.ts';
import {
  listGvfsDevices,
  parseGvfsDeviceName,
} from '../../../../src-main/engine/destinations/identity/gvfs-devices.ts';
import { RemovableVolumeSource } from '../../../../src-main/engine/destinations/removable-volumes.ts';
import { createTempDirectory, type TempDirectory } from '../../../support/temp.ts';
import { buildSysfsTree } from './identity-fixtures.ts';

/**
 * Phones and cameras that gvfs exposes as folders of its FUSE mount
 * (`/run/user/<uid>/gvfs/mtp:host=...`, `gphoto2:host=...`), from a folder layout written the way
 * gvfs names them (gvfs's mtp and gphoto2 backends), and sysfs for their USB ids.
 */

describe('parseGvfsDeviceName', () => {
  it('reads vendor, model and serial of a newer MTP folder name', () => {
    expect(parseGvfsDeviceName('mtp:host=SAMSUNG_SAMSUNG_Android_R58M12345AB')).toEqual({
      bus: 'mtp',
      host: 'SAMSUNG_SAMSUNG_Android_R58M12345AB',
      description: 'SAMSUNG SAMSUNG Android',
      serial: 'R58M12345AB',
      usbAddress: null,
    });
  });

  it('reads the USB address of an older folder name, percent-decoded', () => {
    expect(parseGvfsDeviceName('gphoto2:host=%5Busb%3A001%2C007%5D')).toMatchObject({
      bus: 'ptp',
      host: '[usb:001,007]',
      usbAddress: { busNumber: 1, deviceNumber: 7 },
    });
  });

  it('leaves network folders to the network destinations', () => {
    expect(parseGvfsDeviceName('smb-share:server=nas,share=backups')).toBeNull();
    expect(parseGvfsDeviceName('sftp:host=files.example.com')).toBeNull();
    expect(parseGvfsDeviceName('mtp:host=')).toBeNull();
  });
});

describe('listGvfsDevices', () => {
  let temp: TempDirectory;
  let gvfsRoot: string;
  let sysfsRoot: string;
  beforeEach(async () => {
    temp = await createTempDirectory();
    gvfsRoot = join(temp.path, 'run', 'user', '1000', 'gvfs');
    sysfsRoot = await buildSysfsTree(join(temp.path, 'sys'));
    for (const folder of [
      'mtp:host=SAMSUNG_SAMSUNG_Android_R58M12345AB/Internal shared storage/DCIM',
      'gphoto2:host=%5Busb%3A001%2C007%5D/store_00010001/DCIM',
      'smb-share:server=nas,share=backups',
    ]) {
      await mkdir(join(gvfsRoot, folder), { recursive: true });
    }
  });
  afterEach(() => temp.dispose());

  it('lists a phone and a camera as removable destinations with their USB identity', async () => {
    const destinations = await listGvfsDevices(gvfsRoot, sysfsRoot);

    expect(destinations.map((destination) => destination.device)).toEqual([
      expect.objectContaining({
        device: 'gphoto2://[usb:001,007]/',
        bus: 'ptp',
        vendorId: '04a9',
        productId: '32d9',
        description: 'Canon Inc. Canon Digital Camera',
      }),
      expect.objectContaining({
        bus: 'mtp',
        vendorId: '04e8',
        productId: '6860',
        serial: 'R58M12345AB',
        isUsb: true,
        isRemovable: true,
      }),
    ]);
    expect(destinations[1]).toMatchObject({
      id: `volume:${join(gvfsRoot, 'mtp:host=SAMSUNG_SAMSUNG_Android_R58M12345AB')}`,
      kind: 'removable-volume',
      label: 'SAMSUNG_Android',
      evidence: [
        `gvfs MTP device under ${gvfsRoot}`,
        expect.stringContaining('identity from gvfs folder name, sysfs'),
      ],
    });
  });

  it('keeps the serial of the folder name when sysfs does not show the device', async () => {
    const destinations = await listGvfsDevices(gvfsRoot, join(temp.path, 'no-sysfs'));

    expect(destinations[1]?.device).toMatchObject({
      serial: 'R58M12345AB',
      vendorId: null,
      description: 'SAMSUNG SAMSUNG Android',
    });
  });

  it('lists nothing for a missing gvfs folder', async () => {
    expect(await listGvfsDevices(join(temp.path, 'nowhere'))).toEqual([]);
  });

  it('signals a phone appearing, through the removable volume source', async () => {
    const source = new RemovableVolumeSource({
      mountRoots: [],
      logger: createMemoryLogger(),
      listDrives: () => Promise.resolve([]),
      mountInfoPath: null,
      identityReader: { read: () => Promise.resolve(new Map()) },
      listGvfsRoots: () => Promise.resolve([gvfsRoot]),
      gvfsPollIntervalMs: 50,
      sysfsRoot,
    });
    try {
      await source.whenReady();

      const latency = await measureChangeLatency(
        source.onDidChange,
        () => mkdir(join(gvfsRoot, 'mtp:host=Google_Pixel_7_2A111FDH200ABC')),
        2_000,
      );
      const paths = (await source.list()).map((destination) => destination.path);

      expect(latency.sinceActionStartMs).toBeLessThan(2_000);
      expect(paths).toContain(join(gvfsRoot, 'mtp:host=Google_Pixel_7_2A111FDH200ABC'));
    } finally {
      await source.dispose();
    }
  });
});
