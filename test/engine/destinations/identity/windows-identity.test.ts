import { describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import {
  busTypeOf,
  parseGetDisk,
  parsePnpDeviceId,
  parseUsbInstanceId,
  parseWin32DiskDrives,
} from '../../../../src-main/engine/destinations/identity/windows-disks.ts';
import {
  parseWindowsStorage,
  WindowsIdentityReader,
  windowsIdentityScript,
} from '../../../../src-main/engine/destinations/identity/windows-identity-reader.ts';
import {
  driveLetterOf,
  parseBitLockerVolumes,
  parseVolumes,
  parseVolumeSerials,
} from '../../../../src-main/engine/destinations/identity/windows-volumes.ts';
import { readJsonFixture } from './identity-fixtures.ts';

/**
 * Windows identity from recorded PowerShell outputs in the documented formats (`ConvertTo-Json`
 * of Get-Disk and its MSFT_Disk BusType values, Win32_DiskDrive, Get-Partition, Get-Volume and
 * MSFT_Volume DriveType, Win32_Volume, Get-BitLockerVolume and BitLockerVolumeStatus, and
 * Get-PnpDeviceProperty DEVPKEY_Device_Parent; device instance ids as Microsoft's "Device
 * Instance IDs" and "Standard USB Identifiers" pages describe them). These run only on Windows.
 */

async function recordedStorage(): Promise<string> {
  return JSON.stringify({
    disks: await readJsonFixture('windows-get-disk.json'),
    diskDrives: await readJsonFixture('windows-win32-diskdrive.json'),
    parents: await readJsonFixture('windows-pnp-parents.json'),
    partitions: await readJsonFixture('windows-get-partition.json'),
    volumes: await readJsonFixture('windows-get-volume.json'),
    volumeSerials: await readJsonFixture('windows-win32-volume.json'),
    bitLocker: await readJsonFixture('windows-get-bitlockervolume.json'),
  });
}

describe('parsePnpDeviceId and parseUsbInstanceId', () => {
  it('reads vendor, product and serial from a USB mass-storage id and its USB parent', () => {
    const storage = parsePnpDeviceId(
      'USBSTOR\\DISK&VEN_SANDISK&PROD_CRUZER_BLADE&REV_1.00\\4C530001230101117263&0',
    );
    const usb = parseUsbInstanceId('USB\\VID_0781&PID_5567\\4C530001230101117263');

    expect(storage).toEqual({
      enumerator: 'USBSTOR',
      vendor: 'SANDISK',
      product: 'CRUZER BLADE',
      serial: '4C530001230101117263',
    });
    expect(usb).toEqual({ vendorId: '0781', productId: '5567', serial: '4C530001230101117263' });
  });

  it('gives no serial where Windows made the instance part up', () => {
    expect(
      parsePnpDeviceId('USBSTOR\\DISK&VEN_GENERIC&PROD_FLASH_DISK&REV_8.07\\6&1C2B3A4D&0')?.serial,
    ).toBeNull();
    expect(parseUsbInstanceId('USB\\VID_058F&PID_6387\\6&1C2B3A4D&0&2')?.serial).toBeNull();
  });

  it('gives null for ids of other shapes', () => {
    expect(parsePnpDeviceId('PCI\\VEN_144D&DEV_A809\\4&2E5B8A1C&0&0008')).toBeNull();
    expect(parseUsbInstanceId('USB\\ROOT_HUB30\\4&1F2E3D4C&0&0')).toBeNull();
  });
});

describe('the Windows command parsers', () => {
  it('read Get-Disk with numeric bus types and Win32_DiskDrive', async () => {
    const disks = parseGetDisk(await readJsonFixture('windows-get-disk.json'));
    const drives = parseWin32DiskDrives(await readJsonFixture('windows-win32-diskdrive.json'));

    expect(disks.map((disk) => disk.bus)).toEqual(['nvme', 'usb', 'usb', 'usb']);
    expect(disks[3]).toMatchObject({ serial: null, manufacturer: 'Generic', model: 'Flash Disk' });
    expect(drives[1]).toMatchObject({ deviceId: '\\\\.\\PHYSICALDRIVE1', interfaceType: 'USB' });
    expect(busTypeOf('File Backed Virtual')).toBe('virtual');
    expect(busTypeOf(12)).toBe('sd');
  });

  it('read Get-Volume, Win32_Volume serials and BitLocker states', async () => {
    const volumes = parseVolumes(await readJsonFixture('windows-get-volume.json'));
    const serials = parseVolumeSerials(await readJsonFixture('windows-win32-volume.json'));
    const bitLocker = parseBitLockerVolumes(
      await readJsonFixture('windows-get-bitlockervolume.json'),
    );

    expect(volumes[2]).toMatchObject({
      driveLetter: 'E',
      label: 'STICK',
      filesystem: 'vfat',
      driveType: 'Removable',
    });
    expect(volumes[1]?.driveLetter).toBeNull();
    expect([...serials.values()]).toContain('1A2B-3C4D');
    expect(bitLocker).toEqual([
      { mountPoint: 'C:', encrypted: true },
      { mountPoint: 'E:', encrypted: false },
      { mountPoint: 'F:', encrypted: true },
    ]);
    expect(
      parseBitLockerVolumes({ MountPoint: 'G:', VolumeStatus: 'EncryptionInProgress' }),
    ).toEqual([{ mountPoint: 'G:', encrypted: true }]);
  });

  it('reads drive letters in every spelling PowerShell uses', () => {
    expect([
      driveLetterOf('E'),
      driveLetterOf(69),
      driveLetterOf('\u0000'),
      driveLetterOf(null),
    ]).toEqual(['E', 'E', null, null]);
  });

  it('gives empty lists, not errors, for missing sections and odd values', () => {
    const storage = parseWindowsStorage('{"disks": {"Number": "x"}, "volumes": null}');

    expect(storage).toMatchObject({ disks: [], volumes: [], partitions: [] });
    expect(parseWindowsStorage('Get-Disk : Access denied')).toBeNull();
  });
});

describe('WindowsIdentityReader with recorded outputs', () => {
  it('joins drive letters to disks, USB parents, volumes and BitLocker', async () => {
    const stdout = await recordedStorage();
    const reader = new WindowsIdentityReader({
      logger: createMemoryLogger(),
      runScript: () => Promise.resolve({ ok: true, stdout }),
    });

    const identities = await reader.read(
      ['E:\\', 'F:\\', 'G:\\', 'Z:\\'].map((mountPoint) => ({
        mountPoint,
        device: null,
        mount: null,
      })),
    );

    expect(identities.get('E:\\')).toEqual({
      fields: {
        device: '\\\\.\\PHYSICALDRIVE1',
        description: 'SanDisk Cruzer Blade',
        bus: 'usb',
        isUsb: true,
        isRemovable: true,
        isVirtual: false,
        sizeBytes: 15631122432,
        vendorId: '0781',
        productId: '5567',
        serial: '4C530001230101117263',
        vendor: 'SANDISK',
        model: 'CRUZER BLADE',
        volumeLabel: 'STICK',
        filesystem: 'vfat',
        volumeUuid: '1A2B-3C4D',
        encrypted: false,
      },
      sources: [
        'Get-Partition',
        'Get-Disk',
        'Win32_DiskDrive',
        'PnP parent device',
        'Get-Volume',
        'Get-BitLockerVolume',
      ],
    });
    expect(identities.get('F:\\')?.fields).toMatchObject({
      vendorId: '04e8',
      productId: '4001',
      serial: 'S5TDNS0R123456A',
      filesystem: 'ntfs',
      encrypted: true,
    });
    expect(identities.get('G:\\')?.fields).toMatchObject({
      vendorId: '058f',
      serial: null,
      encrypted: null,
    });
    expect(identities.has('Z:\\')).toBe(false);
  });

  it('sends one script that converts enumerations to their names', () => {
    expect(windowsIdentityScript).toContain('ConvertTo-Json -Depth 4 -Compress');
    expect(windowsIdentityScript).toContain('[string]$_.BusType');
    expect(windowsIdentityScript).toContain('DEVPKEY_Device_Parent');
  });

  it('logs a PowerShell that could not run and learns nothing', async () => {
    const logger = createMemoryLogger();
    const reader = new WindowsIdentityReader({
      logger,
      runScript: () => Promise.resolve({ ok: false, message: 'powershell.exe failed: ENOENT' }),
    });

    const identities = await reader.read([{ mountPoint: 'E:\\', device: null, mount: null }]);

    expect(identities.size).toBe(0);
    expect(logger.records.some((record) => record.message.includes('ENOENT'))).toBe(true);
  });
});
