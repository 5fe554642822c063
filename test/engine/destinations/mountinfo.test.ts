import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import {
  decodeMountField,
  parseMountInfo,
  parseMountInfoLine,
  readMountInfo,
} from '../../../src-main/engine/destinations/mountinfo.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

describe('parseMountInfoLine', () => {
  it('reads the fields around the separator', () => {
    const line = '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue';

    const entry = parseMountInfoLine(line);

    expect(entry).toEqual({
      mountId: 36,
      parentId: 35,
      deviceNumber: '98:0',
      root: '/mnt1',
      mountPoint: '/mnt2',
      fsType: 'ext3',
      source: '/dev/root',
      options: ['rw', 'noatime'],
    });
  });

  it('reads lines with several or no optional fields', () => {
    const several =
      '50 27 8:17 / /media/a/X rw shared:5 master:2 propagate_from:1 - vfat /dev/sdb1 rw';
    const none = '45 27 0:40 / /tmp/m rw,nosuid - fuse.fusefat fusefat rw,user_id=0';

    expect(parseMountInfoLine(several)?.source).toBe('/dev/sdb1');
    expect(parseMountInfoLine(none)?.fsType).toBe('fuse.fusefat');
  });

  it('decodes octal escapes in the mount point and source', () => {
    const line = '60 27 7:3 / /media/alice/My\\040Stick\\011x rw - ext4 /tmp/a\\134b.img rw';

    const entry = parseMountInfoLine(line);

    expect(entry?.mountPoint).toBe('/media/alice/My Stick\tx');
    expect(entry?.source).toBe('/tmp/a\\b.img');
  });

  it('gives null for lines without a separator or with bad numbers', () => {
    expect(parseMountInfoLine('36 35 98:0 /mnt1 /mnt2 rw ext3 /dev/root rw')).toBeNull();
    expect(parseMountInfoLine('x 35 98:0 / /mnt rw - ext3 /dev/root rw')).toBeNull();
    expect(parseMountInfoLine('36 35 98:0 / /mnt rw -')).toBeNull();
  });
});

describe('decodeMountField', () => {
  it('decodes newline and leaves other backslashes alone', () => {
    expect(decodeMountField('a\\012b\\x')).toBe('a\nb\\x');
  });
});

describe('parseMountInfo', () => {
  it('counts malformed lines and keeps the others', () => {
    const text = [
      '22 27 0:21 / /proc rw,relatime - proc proc rw',
      'garbage',
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '',
    ].join('\n');

    const { entries, skippedLines } = parseMountInfo(text);

    expect(entries.map((entry) => entry.mountPoint)).toEqual(['/proc', '/']);
    expect(skippedLines).toBe(1);
  });
});

describe('readMountInfo', () => {
  let temp: TempDirectory | undefined;

  afterEach(async () => {
    await temp?.dispose();
  });

  it('reads the mount table of this process', async () => {
    const logger = createMemoryLogger();

    const entries = await readMountInfo('/proc/self/mountinfo', logger);

    expect(entries.some((entry) => entry.mountPoint === '/')).toBe(true);
  });

  it('logs a missing file and gives no entries', async () => {
    temp = await createTempDirectory();
    const logger = createMemoryLogger();

    const entries = await readMountInfo(join(temp.path, 'absent'), logger);

    expect(entries).toEqual([]);
    expect(logger.records.some((record) => record.level === 'warn')).toBe(true);
  });

  it('logs malformed lines', async () => {
    temp = await createTempDirectory();
    const path = join(temp.path, 'mountinfo');
    await writeFile(path, 'nonsense\n27 1 254:0 / / rw - ext4 /dev/vda rw\n');
    const logger = createMemoryLogger();

    const entries = await readMountInfo(path, logger);

    expect(entries).toHaveLength(1);
    expect(logger.records.map((record) => record.message).join('\n')).toMatch(/1 malformed/);
  });
});
