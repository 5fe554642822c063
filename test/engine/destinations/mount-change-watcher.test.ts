import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { measureChangeLatency } from '../../../src-main/engine/destinations/change-latency.ts';
import { MountChangeWatcher } from '../../../src-main/engine/destinations/mount-change-watcher.ts';
import { RemovableVolumeSource } from '../../../src-main/engine/destinations/removable-volumes.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, delay, type TempDirectory } from '../../support/temp.ts';

const run = promisify(execFile);

/** The process ids of this process's children running `command`. */
async function childrenNamed(command: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const stat = /^\d+$/.test(entry)
      ? await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
      : '';
    const match = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
    if (match?.[1] === command && Number(match[2]) === process.pid) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

describe('MountChangeWatcher', () => {
  let temp: TempDirectory | undefined;
  let watcher: MountChangeWatcher | undefined;

  afterEach(async () => {
    watcher?.dispose();
    await temp?.dispose();
  });

  it('compares the mount table at once when the event command prints a line', async () => {
    // Arrange: a table, a poll too slow to matter, and a command that reports one change
    temp = await createTempDirectory();
    const table = join(temp.path, 'mountinfo');
    const signal = join(temp.path, 'signal');
    await writeFile(table, '27 1 8:2 / / rw - ext4 /dev/sda2 rw\n');
    watcher = new MountChangeWatcher({
      mountRoots: [],
      mountInfoPath: table,
      mountPollIntervalMs: 60_000,
      rootRetryIntervalMs: 60_000,
      watchSettleMs: 1_000,
      mountEventCommand: [
        'sh',
        '-c',
        `while [ ! -e "${signal}" ]; do sleep 0.02; done; echo mount; sleep 30`,
      ],
      logger: createMemoryLogger(),
    });
    await watcher.start();

    // Act
    const latency = await measureChangeLatency(
      watcher.onDidChange,
      async () => {
        await writeFile(
          table,
          '27 1 8:2 / / rw - ext4 /dev/sda2 rw\n90 27 7:0 / /media/x rw - ext4 /dev/loop0 rw\n',
        );
        await writeFile(signal, '');
      },
      5_000,
    );

    // Assert
    expect(latency.sinceActionEndMs).toBeLessThan(5_000);
  });

  it('keeps polling when the event command cannot run, and says so', async () => {
    temp = await createTempDirectory();
    const table = join(temp.path, 'mountinfo');
    await writeFile(table, '27 1 8:2 / / rw - ext4 /dev/sda2 rw\n');
    const logger = createMemoryLogger();
    watcher = new MountChangeWatcher({
      mountRoots: [],
      mountInfoPath: table,
      mountPollIntervalMs: 30,
      rootRetryIntervalMs: 60_000,
      watchSettleMs: 1_000,
      mountEventCommand: [join(temp.path, 'no-such-command')],
      logger,
    });
    await watcher.start();

    const latency = await measureChangeLatency(
      watcher.onDidChange,
      () => writeFile(table, '27 1 8:2 / / ro - ext4 /dev/sda2 ro\n'),
      2_000,
    );

    expect(latency.sinceActionEndMs).toBeLessThan(2_000);
    expect(logger.records.some((record) => record.message.startsWith('no mount events'))).toBe(
      true,
    );
  });
});

describe.runIf(
  canRun({ root: true, tools: ['findmnt', 'mkfs.ext4', 'losetup', 'mount', 'umount'] }),
)('RemovableVolumeSource with kernel mount events', () => {
  let temp: TempDirectory | undefined;
  afterEach(() => temp?.dispose());

  it('signals a mount on an existing folder without waiting for the poll, and stops findmnt', async () => {
    // Arrange: an existing mount folder and a poll that would take a minute
    temp = await createTempDirectory('copywarden-media-');
    const mountPoint = join(temp.path, 'media', 'alice', 'EVENT');
    const image = join(temp.path, 'event.img');
    await mkdir(mountPoint, { recursive: true });
    await run('truncate', ['-s', '32M', image]);
    await run('mkfs.ext4', ['-q', '-F', image]);
    const loopDevice = (await run('losetup', ['--find', '--show', image])).stdout.trim();
    const findmntBefore = await childrenNamed('findmnt');
    const source = new RemovableVolumeSource({
      mountRoots: [join(temp.path, 'media')],
      logger: createMemoryLogger(),
      mountPollIntervalMs: 60_000,
      listGvfsRoots: () => Promise.resolve([]),
    });

    try {
      await source.whenReady();
      await delay(200);
      const findmntRunning = await childrenNamed('findmnt');

      // Act
      const mounted = await measureChangeLatency(
        source.onDidChange,
        () => run('mount', [loopDevice, mountPoint]).then(() => undefined),
        5_000,
      );
      await source.dispose();
      await delay(100);

      // Assert
      console.log(
        `kernel mount event -> onDidChange ${mounted.sinceActionEndMs.toFixed(1)} ms after mount returned`,
      );
      expect(findmntRunning.length).toBe(findmntBefore.length + 1);
      expect(mounted.sinceActionEndMs).toBeLessThan(5_000);
      expect(await childrenNamed('findmnt')).toEqual(findmntBefore);
    } finally {
      await source.dispose();
      await run('umount', [mountPoint]).catch(() => undefined);
      await run('losetup', ['-d', loopDevice]).catch(() => undefined);
      await rm(image, { force: true });
    }
  });
});
