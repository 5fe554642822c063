import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { classifySample } from '../../../src-main/engine/classify/classify-file.ts';
import { ByteBuilder, sampleOf, textBytes } from './support/bytes.ts';
import * as layout from './support/layout-fixtures.ts';

/** A file built from bytes, and the fields its classification must have. */
interface SampleCase {
  name: string;
  bytes: () => Uint8Array;
  expected: Partial<Classification>;
}

const mustDetect: SampleCase[] = [
  // System and image backups
  { name: 'job.vbk', bytes: layout.veeamBackup, expected: veeam('high') },
  { name: 'job-2024.vib', bytes: layout.veeamBackup, expected: veeam('high') },
  { name: 'restore-point.dat', bytes: layout.veeamBackup, expected: veeam('medium') },
  { name: 'disk.tib', bytes: layout.acronisBackup, expected: system('acronis-tib', 'high') },
  { name: 'old.tib', bytes: layout.acronisLegacyBackup, expected: system('acronis-tib', 'high') },
  { name: 'old.bin', bytes: layout.acronisLegacyBackup, expected: system('acronis-tib', 'medium') },
  {
    name: 'system.bkf',
    bytes: () => layout.mtfTape({ softwareName: 'NTBackup', unicode: false }),
    expected: { ...system('mtf', 'high'), encrypted: false },
  },
  {
    name: 'locked.bkf',
    bytes: () => layout.mtfTape({ softwareName: 'NTBackup', passwordAlgorithm: 1 }),
    expected: { ...system('mtf', 'high'), encrypted: true },
  },
  {
    name: 'sales.bak',
    bytes: () => layout.mtfTape({ softwareName: 'Microsoft SQL Server', unicode: true }),
    expected: { ...database('mtf', 'high'), encrypted: null },
  },
  {
    name: 'sales_log.trn',
    bytes: () => layout.mtfTape(),
    expected: database('mtf', 'high'),
  },
  {
    name: 'renamed-sql-backup.jpg',
    bytes: () => layout.mtfTape({ softwareName: 'Microsoft SQL Server', unicode: true }),
    expected: database('mtf', 'high'),
  },
  { name: 'tape.dat', bytes: () => layout.mtfTape(), expected: system('mtf', 'high') },
  {
    name: 'image.gho',
    bytes: () => layout.ghostImage(true),
    expected: { ...system('ghost', 'medium'), encrypted: true },
  },
  {
    name: 'image.gho',
    bytes: () => layout.ghostImage(false),
    expected: { ...system('ghost', 'medium'), encrypted: false },
  },
  { name: 'c.v2i', bytes: layout.v2iImage, expected: system('v2i', 'high') },
  {
    name: 'A1B2-Backup-00-00.mrimgx',
    bytes: () => layout.macriumXImage(true),
    expected: { ...system('macrium-x', 'high'), encrypted: true },
  },
  {
    name: 'plain.mrimgx',
    bytes: () => layout.macriumXImage(false),
    expected: { ...system('macrium-x', 'high'), encrypted: false },
  },
  {
    name: 'install.wim',
    bytes: () => layout.magicFile(0, 'MSWIM\0\0\0'),
    expected: system('wim', 'medium'),
  },
  {
    name: 'vzdump-qemu-100.vma',
    bytes: () => layout.magicFile(0, 'VMA\0'),
    expected: system('proxmox-vma', 'high'),
  },
  {
    name: 'chunk',
    bytes: () => layout.magicFile(0, '7b 67 85 be 22 2d 4c f0'),
    expected: { ...system('proxmox-pbs-blob', 'high'), encrypted: true },
  },
  {
    name: 'chunk',
    bytes: () => layout.magicFile(0, '42 ab 38 07 be 83 70 a1'),
    expected: { ...system('proxmox-pbs-blob', 'high'), encrypted: false },
  },
  {
    name: 'pool.zsend',
    bytes: () => layout.magicFile(8, 'ac cb ba f5 02 00 00 00'),
    expected: system('zfs-send', 'high'),
  },

  // Disk images
  { name: 'disk.vhd', bytes: () => layout.fixedVhd(), expected: disk('vhd', 'high') },
  {
    name: 'fixed-with-iso-inside.vhd',
    bytes: () => layout.fixedVhd(layout.magicFile(32769, 'CD001', 40_960)),
    expected: disk('vhd', 'high'),
  },
  {
    name: 'v1.qcow',
    bytes: () => layout.qcowHeader(1, 1),
    expected: { ...disk('qcow', 'high'), encrypted: true },
  },
  {
    name: 'aes.qcow2',
    bytes: () => layout.qcowHeader(2, 1),
    expected: { ...disk('qcow2', 'high'), encrypted: true },
  },
  {
    name: 'disk.E01',
    bytes: () => layout.magicFile(0, '45 56 46 09 0d 0a ff 00'),
    expected: disk('ewf', 'high'),
  },
  {
    name: 'sda1.ptcl-img',
    bytes: () => layout.magicFile(0, 'partclone-image\u00000002'),
    expected: disk('partclone', 'high'),
  },
  {
    name: 'vault.img',
    bytes: () => layout.magicFile(0, '4c 55 4b 53 ba be 00 02'),
    expected: { ...disk('luks', 'high'), encrypted: true },
  },
  {
    name: 'usb.img',
    bytes: () => new ByteBuilder(8192).hex(510, '55 aa').ascii(512, 'EFI PART').bytes,
    expected: disk('raw-disk', 'high'),
  },
  {
    name: 'windows.iso',
    bytes: () => layout.magicFile(32769, 'CD001', 40_960),
    expected: disk('iso9660', 'medium'),
  },

  // Databases
  { name: 'shop.dump', bytes: layout.pgCustomDumpHeader, expected: database('pgdump', 'high') },
  { name: 'shop.sql', bytes: () => layout.mysqlDumpText(), expected: database('mysql-dump') },
  {
    name: 'bom-and-blank-lines.sql',
    bytes: () => layout.mysqlDumpText('\ufeff\n\r\n  \n'),
    expected: database('mysql-dump'),
  },
  { name: 'shop.txt', bytes: layout.mariadbDumpText, expected: database('mariadb-dump') },
  {
    name: 'dump.rdb',
    bytes: () => layout.magicFile(0, 'REDIS0011'),
    expected: database('redis-rdb', 'high'),
  },
  {
    name: 'mongo.archive',
    bytes: () => layout.magicFile(0, '6d e2 99 81'),
    expected: database('mongodump-archive', 'high'),
  },
  {
    name: 'full.xbstream',
    bytes: () => layout.magicFile(0, 'XBSTCK01'),
    expected: database('xbstream', 'high'),
  },
  { name: 'app-backup.sqlite', bytes: sqliteHeader, expected: database('sqlite', 'high') },
  {
    name: 'mailbox.pst',
    bytes: () => layout.pstFile(2),
    expected: { ...database('pst', 'high'), encrypted: true },
  },
  {
    name: 'archive.pst',
    bytes: () => layout.pstFile(1),
    expected: { ...database('pst', 'high'), encrypted: false },
  },

  // Credentials and devices
  {
    name: 'SAM',
    bytes: () => layout.magicFile(0, 'regf'),
    expected: credentials('registry-hive', null),
  },
  {
    name: 'ntds.dit',
    bytes: () => layout.magicFile(4, 'ef cd ab 89 20 06 00 00'),
    expected: { ...credentials('ese', false) },
  },
  {
    name: 'Passwords.kdbx',
    bytes: () => layout.magicFile(0, '03 d9 a2 9a 67 fb 4b b5'),
    expected: credentials('keepass', true),
  },
  {
    name: 'phone.ab',
    bytes: () => layout.androidBackup('none'),
    expected: device('android-backup', false),
  },
  {
    name: 'phone.ab',
    bytes: () => layout.androidBackup('AES-256'),
    expected: device('android-backup', true),
  },

  // Encrypted wrappers named as backups
  {
    name: 'backup.tar.age',
    bytes: () => textBytes('age-encryption.org/v1\n-> X25519 abc\n'),
    expected: { ...archive('age'), encrypted: true },
  },
  {
    name: 'db-dump.sql.gpg',
    bytes: () => layout.magicFile(0, '8c 0d 04 09 03 02'),
    expected: { ...archive('openpgp'), encrypted: true, confidence: 'medium' },
  },

  // Extension only
  {
    name: 'Job 1D2024-01-01T000000.vbk',
    bytes: () => textBytes('partial copy'),
    expected: { ...system('veeam', 'low'), encrypted: null },
  },
  { name: 'image.tibx', bytes: () => new Uint8Array(64), expected: system('acronis-tibx', 'low') },
];

const mustNotDetect: SampleCase[] = [
  { name: 'empty', bytes: () => new Uint8Array(0), expected: { format: null } },
  { name: 'photo.jpg', bytes: layout.jpegFile, expected: { format: null } },
  { name: 'icon.png', bytes: layout.pngFile, expected: { format: null } },
  { name: 'clip.mp4', bytes: () => layout.mp4File('isom'), expected: { format: null } },
  { name: 'clip.mov', bytes: () => layout.mp4File('qt  '), expected: { format: null } },
  {
    name: 'notes.txt.bak',
    bytes: () => textBytes('call Anna\nbuy milk\n'),
    expected: { format: null },
  },
  { name: 'readme.txt', bytes: () => textBytes('TAPE loops and dump trucks\n'), expected: {} },
  { name: 'places.sqlite', bytes: sqliteHeader, expected: { format: 'sqlite' } },
  {
    name: 'message.gpg',
    bytes: () => layout.magicFile(0, '8c 0d 04 09 03 02'),
    expected: { format: 'openpgp', encrypted: true },
  },
  {
    name: 'design.vhd',
    bytes: () => textBytes('library ieee;\nuse ieee.std_logic_1164.all;\n'),
    expected: { format: null },
  },
  {
    name: 'tape.txt',
    bytes: () => new ByteBuilder(256).ascii(0, 'TAPE').uint8(20, 7).bytes,
    expected: { format: null },
  },
];

describe('classifySample', () => {
  describe('must detect', () => {
    it.each(mustDetect)('classifies $name as $expected.format', ({ name, bytes, expected }) => {
      // Arrange
      const sample = sampleOf(name, bytes());

      // Act
      const classification = classifySample(sample);

      // Assert
      expect(classification).toMatchObject({ isBackup: true, ...expected });
      expect(classification.reasons.length).toBeGreaterThan(0);
    });
  });

  describe('must not detect', () => {
    it.each(mustNotDetect)('does not alarm on $name', ({ name, bytes, expected }) => {
      // Arrange
      const sample = sampleOf(name, bytes());

      // Act
      const classification = classifySample(sample);

      // Assert
      expect(classification).toMatchObject({
        isBackup: false,
        category: 'not-backup',
        ...expected,
      });
    });
  });

  it('lets content win over the name', () => {
    // Arrange
    const sample = sampleOf('holiday.jpg', layout.qcowHeader(3, 0));

    // Act
    const classification = classifySample(sample);

    // Assert
    expect(classification).toMatchObject({ format: 'qcow2', isBackup: true, encrypted: false });
  });

  it('echoes the path and size of the sample', () => {
    // Arrange
    const sample = sampleOf('/media/usb/disk.tib', layout.acronisBackup());

    // Act
    const classification = classifySample(sample);

    // Assert
    expect(classification).toMatchObject({ path: '/media/usb/disk.tib', sizeBytes: 1024 });
  });
});

function sqliteHeader(): Uint8Array {
  return new ByteBuilder(4096).ascii(0, 'SQLite format 3\0').hex(16, '10 00').bytes;
}

function veeam(confidence: Classification['confidence']): Partial<Classification> {
  return { ...system('veeam', confidence), encrypted: null };
}

function system(format: string, confidence: Classification['confidence']): Partial<Classification> {
  return { format, category: 'system-image', confidence };
}

function disk(format: string, confidence: Classification['confidence']): Partial<Classification> {
  return { format, category: 'disk-image', confidence };
}

function database(
  format: string,
  confidence: Classification['confidence'] = 'medium',
): Partial<Classification> {
  return { format, category: 'database-dump', confidence };
}

function credentials(format: string, encrypted: boolean | null): Partial<Classification> {
  return { format, category: 'credential-store', confidence: 'high', encrypted };
}

function device(format: string, encrypted: boolean): Partial<Classification> {
  return { format, category: 'device-backup', confidence: 'high', encrypted };
}

function archive(format: string): Partial<Classification> {
  return { format, category: 'generic-archive', confidence: 'high' };
}
