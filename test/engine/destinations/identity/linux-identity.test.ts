import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import { LinuxIdentityReader } from '../../../../src-main/engine/destinations/identity/linux-identity-reader.ts';
import {
  chainIsEncrypted,
  lsblkChain,
  parseLsblkList,
} from '../../../../src-main/engine/destinations/identity/linux-lsblk.ts';
import {
  decodeUdevEscapes,
  encodedProperty,
  parseDeviceProperties,
} from '../../../../src-main/engine/destinations/identity/linux-properties.ts';
import { readSysfsBlockDevice } from '../../../../src-main/engine/destinations/identity/linux-sysfs.ts';
import type { MountEntry } from '../../../../src-main/engine/destinations/mountinfo.ts';
import { createTempDirectory, type TempDirectory } from '../../../support/temp.ts';
import {
  buildSysfsTree,
  buildUdevData,
  readIdentityFixture,
  recordedOutput,
} from './identity-fixtures.ts';

/**
 * Linux identity from recorded outputs in their documented formats: lsblk's JSON (lsblk(8),
 * util-linux), the sysfs layout (the kernel's Documentation/ABI: sysfs-block, sysfs-bus-usb,
 * sysfs-bus-pci `removable`, sysfs-bus-mmc, sysfs-class-nvme), and udev's database and
 * `udevadm info --query=property` output (udevadm(8), systemd). No machine here has a USB disk.
 */

function mountAt(
  mountPoint: string,
  source: string,
  fsType: string,
  deviceNumber: string,
): MountEntry {
  return {
    mountId: 100,
    parentId: 1,
    deviceNumber,
    root: '/',
    mountPoint,
    fsType,
    source,
    options: ['rw'],
  };
}

describe('parseLsblkList', () => {
  it('lists every device with its parent, and follows an encrypted volume to its disk', async () => {
    const devices = parseLsblkList(await readIdentityFixture('lsblk-list.json'));

    const chain = lsblkChain(
      devices ?? new Map(),
      '/dev/mapper/luks-7c3f9d2e-55c1-4c1e-9a8b-0d2f6e1a4b3c',
    );

    expect(chain.map((device) => device.name)).toEqual([
      '/dev/mapper/luks-7c3f9d2e-55c1-4c1e-9a8b-0d2f6e1a4b3c',
      '/dev/sdc1',
      '/dev/sdc',
    ]);
    expect(chainIsEncrypted(chain)).toBe(true);
    expect(chainIsEncrypted(lsblkChain(devices ?? new Map(), '/dev/sdb1'))).toBe(false);
    expect(devices?.get('/dev/sdb')).toMatchObject({
      vendor: 'SanDisk',
      transport: 'usb',
      removable: true,
    });
  });

  it('finds a device by its kernel name and reads the 0/1 flags of older lsblk versions', () => {
    const text = JSON.stringify({
      blockdevices: [
        { name: '/dev/mapper/x', kname: '/dev/dm-3', rm: '1', hotplug: '0', size: '1024' },
      ],
    });

    const devices = parseLsblkList(text) ?? new Map();

    expect(lsblkChain(devices, '/dev/dm-3')[0]).toMatchObject({
      removable: true,
      hotplug: false,
      sizeBytes: 1024,
    });
  });

  it('gives null for output that is not lsblk JSON, and stops at a parent loop', () => {
    const looped = JSON.stringify({
      blockdevices: [
        { name: '/dev/a', pkname: '/dev/b' },
        { name: '/dev/b', pkname: '/dev/a' },
      ],
    });

    expect(parseLsblkList('lsblk: unknown column')).toBeNull();
    expect(parseLsblkList('{"devices": []}')).toBeNull();
    expect(lsblkChain(parseLsblkList(looped) ?? new Map(), '/dev/a')).toHaveLength(2);
  });
});

describe('parseDeviceProperties', () => {
  it('reads properties from the udev database and skips its other lines', async () => {
    const properties = parseDeviceProperties(await readIdentityFixture('udev-data-b8-17.txt'));

    expect(properties.get('ID_FS_TYPE')).toBe('vfat');
    expect(properties.get('ID_VENDOR_ID')).toBe('0781');
    expect(encodedProperty(properties, 'ID_FS_LABEL')).toBe('MY STICK');
    expect(encodedProperty(properties, 'ID_MODEL')).toBe('Cruzer Blade');
    expect(
      [...properties.keys()].some(
        (key) => key.startsWith('S:') || key === 'disk/by-uuid/1A2B-3C4D',
      ),
    ).toBe(false);
  });

  it('reads udevadm info and blkid export output, whose values may hold "="', async () => {
    const udevadm = parseDeviceProperties(
      await readIdentityFixture('udevadm-info-property-sdb1.txt'),
    );
    const blkid = parseDeviceProperties(
      'DEVNAME=/dev/loop3\nLABEL=A=B\nUUID=B5A7-FF10\nTYPE=vfat\n',
    );

    expect(udevadm.get('DEVLINKS')).toBe(
      '/dev/disk/by-uuid/1A2B-3C4D /dev/disk/by-label/MY\\x20STICK',
    );
    expect(encodedProperty(udevadm, 'ID_VENDOR')).toBe('SanDisk');
    expect(blkid.get('LABEL')).toBe('A=B');
  });

  it('decodes escaped UTF-8 bytes', () => {
    expect(decodeUdevEscapes('Gr\\xc3\\xbcn\\x20Stick')).toBe('Grün Stick');
  });
});

describe('readSysfsBlockDevice with a recorded tree', () => {
  let temp: TempDirectory;
  let sysfsRoot: string;
  beforeAll(async () => {
    temp = await createTempDirectory();
    sysfsRoot = await buildSysfsTree(join(temp.path, 'sys'));
  });
  afterAll(() => temp.dispose());

  it('walks from a partition up to its USB device', async () => {
    const facts = await readSysfsBlockDevice('sdb1', sysfsRoot);

    expect(facts).toMatchObject({
      bus: 'usb',
      removable: true,
      sizeBytes: 30529536 * 512,
      usb: {
        vendorId: '0781',
        productId: '5567',
        serial: '4C530001230101117263',
        manufacturer: 'SanDisk',
        product: 'Cruzer Blade',
      },
      encrypted: null,
    });
    expect(facts?.devicePath.endsWith('/block/sdb')).toBe(true);
  });

  it('follows dm-crypt down to the USB stick it is on', async () => {
    const facts = await readSysfsBlockDevice('dm-0', sysfsRoot);

    expect(facts).toMatchObject({
      bus: 'usb',
      encrypted: true,
      usb: { vendorId: '0951', productId: '1666' },
    });
  });

  it('tells SD cards, Thunderbolt NVMe, SATA and virtual devices apart', async () => {
    const buses = await Promise.all(
      ['mmcblk0p1', 'nvme1n1p1', 'sda2', 'zram0'].map(
        async (name) => (await readSysfsBlockDevice(name, sysfsRoot))?.bus,
      ),
    );
    const nvme = await readSysfsBlockDevice('nvme1n1', sysfsRoot);

    expect(buses).toEqual(['sd', 'thunderbolt', 'sata', 'virtual']);
    expect(nvme).toMatchObject({
      model: 'Samsung SSD 970 EVO Plus 1TB',
      serial: 'S4EWNX0N812345K',
      usb: null,
    });
  });

  it('gives null for a device sysfs does not have', async () => {
    expect(await readSysfsBlockDevice('sdz9', sysfsRoot)).toBeNull();
  });
});

describe('LinuxIdentityReader with recorded outputs', () => {
  let temp: TempDirectory;
  let reader: LinuxIdentityReader;
  const probed: string[] = [];
  beforeAll(async () => {
    temp = await createTempDirectory();
    reader = new LinuxIdentityReader({
      logger: createMemoryLogger(),
      sysfsRoot: await buildSysfsTree(join(temp.path, 'sys')),
      udevDataRoot: join(temp.path, 'no-udev'),
      runLsblk: recordedOutput(await readIdentityFixture('lsblk-list.json')),
      runBlkid: (path) => {
        probed.push(path);
        return Promise.resolve({ ok: false, message: 'blkid failed: not in the recording' });
      },
    });
  });
  afterAll(() => temp.dispose());

  it('gives a USB stick its ids, serial, names, label, filesystem and UUID', async () => {
    const identities = await reader.read([
      {
        mountPoint: '/media/alice/STICK',
        device: '/dev/sdb',
        mount: mountAt('/media/alice/STICK', '/dev/sdb1', 'vfat', '8:17'),
      },
    ]);

    expect(identities.get('/media/alice/STICK')).toMatchObject({
      fields: {
        vendorId: '0781',
        productId: '5567',
        serial: '4C530001230101117263',
        vendor: 'SanDisk',
        model: 'Cruzer Blade',
        bus: 'usb',
        isUsb: true,
        isRemovable: true,
        sizeBytes: 15631122432,
        volumeLabel: 'STICK',
        filesystem: 'vfat',
        volumeUuid: '1A2B-3C4D',
        encrypted: false,
      },
      sources: expect.arrayContaining(['lsblk']) as unknown,
    });
    expect(probed).toEqual([]);
  });

  it('marks a LUKS volume encrypted and names the stick below it', async () => {
    const source = '/dev/mapper/luks-7c3f9d2e-55c1-4c1e-9a8b-0d2f6e1a4b3c';

    const identities = await reader.read([
      {
        mountPoint: '/media/alice/SECURE',
        device: null,
        mount: mountAt('/media/alice/SECURE', source, 'ext4', '254:0'),
      },
    ]);

    expect(identities.get('/media/alice/SECURE')?.fields).toMatchObject({
      encrypted: true,
      vendorId: '0951',
      serial: 'E0D55EA57414F4B1293A0B1C',
      volumeLabel: 'SECURE',
      filesystem: 'ext4',
    });
  });

  it('tells an SD card and a Thunderbolt drive by their bus, with no USB ids', async () => {
    const identities = await reader.read([
      {
        mountPoint: '/media/alice/CAMERA',
        device: null,
        mount: mountAt('/media/alice/CAMERA', '/dev/mmcblk0p1', 'exfat', '179:1'),
      },
      {
        mountPoint: '/media/alice/TBOLT',
        device: null,
        mount: mountAt('/media/alice/TBOLT', '/dev/nvme1n1p1', 'ext4', '259:4'),
      },
    ]);

    expect(identities.get('/media/alice/CAMERA')?.fields).toMatchObject({
      bus: 'sd',
      isRemovable: true,
      vendorId: null,
      volumeLabel: 'CAMERA',
    });
    expect(identities.get('/media/alice/TBOLT')?.fields).toMatchObject({
      bus: 'thunderbolt',
      isRemovable: true,
      serial: 'S4EWNX0N812345K',
    });
  });

  it('reads label and UUID from the udev database when lsblk has none', async () => {
    const withoutFilesystems = JSON.parse(await readIdentityFixture('lsblk-list.json')) as {
      blockdevices: Array<Record<string, unknown>>;
    };
    for (const device of withoutFilesystems.blockdevices) {
      Object.assign(device, { label: null, fstype: null, uuid: null, vendor: null, serial: null });
    }
    const udevReader = new LinuxIdentityReader({
      logger: createMemoryLogger(),
      sysfsRoot: join(temp.path, 'no-sysfs'),
      udevDataRoot: await buildUdevData(join(temp.path, 'udev')),
      runLsblk: recordedOutput(JSON.stringify(withoutFilesystems)),
    });

    const identities = await udevReader.read([
      {
        mountPoint: '/media/alice/MY STICK',
        device: null,
        mount: mountAt('/media/alice/MY STICK', '/dev/sdb1', 'vfat', '8:17'),
      },
    ]);

    expect(identities.get('/media/alice/MY STICK')).toMatchObject({
      fields: {
        volumeLabel: 'MY STICK',
        volumeUuid: '1A2B-3C4D',
        vendorId: '0781',
        productId: '5567',
        serial: '4C530001230101117263',
        vendor: 'SanDisk',
        bus: 'usb',
      },
      sources: ['lsblk', 'udev database'],
    });
  });

  it('says what a FUSE mount without a device is, and nothing more', async () => {
    const identities = await reader.read([
      {
        mountPoint: '/media/alice/FAT',
        device: null,
        mount: mountAt('/media/alice/FAT', 'fusefat', 'fuse.fusefat', '0:40'),
      },
      {
        mountPoint: '/media/alice/PHONE',
        device: null,
        mount: mountAt('/media/alice/PHONE', 'jmtpfs', 'fuse.jmtpfs', '0:41'),
      },
    ]);

    expect(identities.get('/media/alice/FAT')?.fields).toMatchObject({
      filesystem: 'vfat',
      bus: null,
      serial: null,
      encrypted: null,
    });
    expect(identities.get('/media/alice/PHONE')?.fields).toMatchObject({
      bus: 'mtp',
      isRemovable: true,
    });
  });

  it('logs a failing lsblk and still reads sysfs', async () => {
    const logger = createMemoryLogger();
    const failing = new LinuxIdentityReader({
      logger,
      sysfsRoot: join(temp.path, 'sys'),
      udevDataRoot: join(temp.path, 'no-udev'),
      runLsblk: () => Promise.resolve({ ok: false, message: 'lsblk failed: not found' }),
      runBlkid: () => Promise.resolve({ ok: false, message: 'blkid failed' }),
    });

    const identities = await failing.read([
      {
        mountPoint: '/media/alice/STICK',
        device: null,
        mount: mountAt('/media/alice/STICK', '/dev/sdb1', 'vfat', '8:17'),
      },
    ]);

    expect(identities.get('/media/alice/STICK')?.fields).toMatchObject({
      vendorId: '0781',
      filesystem: 'vfat',
      volumeLabel: null,
    });
    expect(logger.records.some((record) => record.message.includes('lsblk failed'))).toBe(true);
  });
});
