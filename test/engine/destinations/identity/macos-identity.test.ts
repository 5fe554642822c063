import { describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { parseDiskutilInfo } from '../../../../src-main/engine/destinations/identity/macos-diskutil.ts';
import { MacosIdentityReader } from '../../../../src-main/engine/destinations/identity/macos-identity-reader.ts';
import {
  findUsbStorage,
  parseSystemProfilerUsb,
} from '../../../../src-main/engine/destinations/identity/macos-system-profiler.ts';
import type { ToolResult } from '../../../../src-main/engine/destinations/identity/run-tool.ts';
import { readIdentityFixture } from './identity-fixtures.ts';

/**
 * macOS identity from recorded outputs in their documented formats: `diskutil info -plist`
 * (diskutil(8); Apple's XML property list format, keys as DiskArbitration names them) and
 * `system_profiler SPUSBDataType -json` (system_profiler(8)). These run only on macOS.
 */

/** The recorded `diskutil info -plist` output for each argument the reader passes. */
const diskutilFixtures: Record<string, string> = {
  '/Volumes/STICK': 'diskutil-stick-volume.plist',
  disk4: 'diskutil-stick-disk.plist',
  '/Volumes/Backup T7': 'diskutil-t7-volume.plist',
  disk6s2: 'diskutil-t7-store.plist',
  disk6: 'diskutil-t7-disk.plist',
};

async function recordedDiskutil(disk: string): Promise<ToolResult> {
  const fixture = diskutilFixtures[disk];
  if (fixture === undefined) {
    return { ok: false, message: `diskutil failed: Could not find disk: ${disk}` };
  }
  return { ok: true, stdout: await readIdentityFixture(fixture) };
}

describe('parseDiskutilInfo', () => {
  it('reads a FAT32 volume on a USB stick', async () => {
    const info = parseDiskutilInfo(await readIdentityFixture('diskutil-stick-volume.plist'));

    expect(info).toEqual({
      deviceIdentifier: 'disk4s1',
      parentWholeDisk: 'disk4',
      physicalStores: [],
      mountPoint: '/Volumes/STICK',
      volumeName: 'STICK',
      filesystem: 'vfat',
      volumeUuid: '2B5C6F1E-8A41-3E0D-9C2B-7D4E1F3A5B6C',
      bus: 'usb',
      mediaName: 'STICK',
      isRemovable: true,
      isInternal: false,
      sizeBytes: 15628754944,
      encrypted: null,
    });
  });

  it('reads an encrypted APFS volume and the partition its container is stored on', async () => {
    const info = parseDiskutilInfo(await readIdentityFixture('diskutil-t7-volume.plist'));

    expect(info).toMatchObject({
      filesystem: 'apfs',
      encrypted: true,
      physicalStores: ['disk6s2'],
    });
  });

  it('gives null for text that is not a property list with a device', () => {
    expect(parseDiskutilInfo('Could not find disk: disk9')).toBeNull();
    expect(parseDiskutilInfo('<plist version="1.0"><dict></dict></plist>')).toBeNull();
  });
});

describe('parseSystemProfilerUsb', () => {
  it('lists the USB devices with storage, nested under hubs, with their ids and serials', async () => {
    const devices = parseSystemProfilerUsb(await readIdentityFixture('system-profiler-usb.json'));

    expect(devices).toEqual([
      {
        vendorId: '0781',
        productId: '5567',
        serial: '4C530001230101117263',
        manufacturer: 'SanDisk',
        name: 'Cruzer Blade',
        bsdNames: ['disk4', 'disk4s1'],
      },
      {
        vendorId: '04e8',
        productId: '4001',
        serial: 'S5TDNS0R123456A',
        manufacturer: 'Samsung',
        name: 'PSSD T7',
        bsdNames: ['disk6', 'disk6s1', 'disk6s2'],
      },
    ]);
    expect(findUsbStorage(devices ?? [], 'disk6s2')?.name).toBe('PSSD T7');
  });

  it('gives null for output without the USB tree', () => {
    expect(parseSystemProfilerUsb('{"SPStorageDataType": []}')).toBeNull();
    expect(parseSystemProfilerUsb('system_profiler: unknown data type')).toBeNull();
  });
});

describe('MacosIdentityReader with recorded outputs', () => {
  it('joins diskutil and system_profiler into a USB stick identity', async () => {
    const reader = new MacosIdentityReader({
      logger: createMemoryLogger(),
      runDiskutil: recordedDiskutil,
      runSystemProfiler: async () => ({
        ok: true,
        stdout: await readIdentityFixture('system-profiler-usb.json'),
      }),
    });

    const identities = await reader.read([
      { mountPoint: '/Volumes/STICK', device: '/dev/disk4', mount: null },
      { mountPoint: '/Volumes/Backup T7', device: '/dev/disk6', mount: null },
    ]);

    expect(identities.get('/Volumes/STICK')).toEqual({
      fields: {
        device: '/dev/disk4',
        description: 'SanDisk Cruzer Blade',
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
        volumeUuid: '2B5C6F1E-8A41-3E0D-9C2B-7D4E1F3A5B6C',
        encrypted: null,
      },
      sources: ['diskutil', 'system_profiler'],
    });
    expect(identities.get('/Volumes/Backup T7')?.fields).toMatchObject({
      device: '/dev/disk6',
      serial: 'S5TDNS0R123456A',
      isRemovable: true,
      sizeBytes: 1000204886016,
      filesystem: 'apfs',
      encrypted: true,
    });
  });

  it('logs a failing diskutil and leaves that volume out', async () => {
    const logger = createMemoryLogger();
    let profilerRuns = 0;
    const reader = new MacosIdentityReader({
      logger,
      runDiskutil: recordedDiskutil,
      runSystemProfiler: () => {
        profilerRuns++;
        return Promise.resolve({ ok: false, message: 'system_profiler failed' });
      },
    });

    const identities = await reader.read([
      { mountPoint: '/Volumes/GONE', device: null, mount: null },
    ]);

    expect(identities.size).toBe(0);
    expect(profilerRuns).toBe(0);
    expect(logger.records.some((record) => record.message.includes('/Volumes/GONE'))).toBe(true);
  });
});
