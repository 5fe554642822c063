import { describe, expect, it } from 'vitest';
import { nameSaysBackup, parseFileName } from '../../../src-main/engine/classify/file-name.ts';

describe('parseFileName', () => {
  it('takes the last component of POSIX and Windows paths', () => {
    // Act
    const posix = parseFileName('/media/usb/Disk.VHDX');
    const windows = parseFileName('E:\\Backups\\job.vbk');

    // Assert
    expect(posix).toMatchObject({ baseName: 'Disk.VHDX', extension: 'vhdx' });
    expect(windows).toMatchObject({ baseName: 'job.vbk', extension: 'vbk', saysBackup: true });
  });

  it('gives no extension to a dot file', () => {
    // Act
    const name = parseFileName('.bashrc');

    // Assert
    expect(name.extension).toBe('');
  });
});

describe('nameSaysBackup', () => {
  it.each(['MyBackup.zip', 'db_dump_2024.tar.gz', 'shop.sql.gz', 'full-2024.7z', 'vm-snapshot.xz'])(
    'recognises %s',
    (name) => {
      expect(nameSaysBackup(name)).toBe(true);
    },
  );

  it.each(['photos.zip', 'dumpling-recipes.zip', 'fullscreen.tar', 'holiday.7z', 'places.sqlite'])(
    'ignores %s',
    (name) => {
      expect(nameSaysBackup(name)).toBe(false);
    },
  );
});
