import { execFile, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { createLogger, type LogRecord } from '../../src-main/engine/base/logger.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { makeSampleFiles, sampleFileTools, type SampleFiles } from '../support/fixtures.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../support/temp.ts';

const run = promisify(execFile);

/**
 * Arming end to end with the Engine on real FUSE FAT volumes: a volume mounted under a mount
 * root is watched within a few hundred milliseconds, files copied onto it before that are caught
 * by the catch-up scan, and a volume unmounted or yanked in the middle of a copy is a normal event.
 */

const runnable = canRun({
  root: true,
  tools: ['mkfs.vfat', 'fusefat', 'umount', 'dd', ...sampleFileTools],
});

let samplesFolder: TempDirectory;
let samples: SampleFiles;
beforeAll(async () => {
  samplesFolder = await createTempDirectory('copywarden-samples-');
  samples = await makeSampleFiles(samplesFolder.path);
});
afterAll(() => samplesFolder.dispose());

/** A running engine with its events and the moments it logged arming and disarming. */
interface Harness {
  engine: Engine;
  events: ActivityEvent[];
  records: LogRecord[];
  armedAt: Map<string, number>;
  disarmedAt: Map<string, number>;
}

async function startEngine(folder: string, mountRoot: string): Promise<Harness> {
  const policyFile = join(folder, 'policy.json');
  const policy = {
    version: 1,
    removableVolumes: { mountRoots: [mountRoot] },
    cloudSync: { monitor: false },
  };
  await writeFile(policyFile, JSON.stringify(policy));

  // The destination watch logs each arming once the watches are in place
  const records: LogRecord[] = [];
  const armedAt = new Map<string, number>();
  const disarmedAt = new Map<string, number>();
  const logger = createLogger((record) => {
    records.push(record);
    const armed = /^armed removable-volume (.+?) \(/.exec(record.message)?.[1];
    const disarmed = /^disarmed (.+)$/.exec(record.message)?.[1];
    if (armed !== undefined) {
      armedAt.set(armed, performance.now());
    }
    if (disarmed !== undefined) {
      disarmedAt.set(disarmed, performance.now());
    }
  }, 'debug');

  const engine = new Engine({
    dataDir: join(folder, 'data'),
    policyFile,
    logger,
    home: folder,
    env: { HOME: folder },
  });
  const events: ActivityEvent[] = [];
  engine.onDidRecordEvent((event) => events.push(event));
  await engine.start();
  return { engine, events, records, armedAt, disarmedAt };
}

/** A formatted FAT image, ready to mount. */
async function fatImage(folder: string, label: string): Promise<string> {
  const image = join(folder, `${label}.img`);
  await run('truncate', ['-s', '64M', image]);
  await run('mkfs.vfat', ['-n', label, image]);
  return image;
}

/** Mounts a FAT image with fusefat; resolves when the mount command returned. */
async function mountFat(image: string, mountPoint: string): Promise<number> {
  await mkdir(mountPoint, { recursive: true });
  await run('fusefat', ['-o', 'rw+', image, mountPoint]);
  return performance.now();
}

/** The fusefat daemon serving `image`: found by its own arguments, so only ours is touched. */
async function fusefatProcessOf(image: string): Promise<number | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const [command, ...rest] = args.split('\0');
    if (command?.endsWith('fusefat') === true && rest.includes(image)) {
      return Number(entry);
    }
  }
  return null;
}

function eventFor(harness: Harness, name: string): ActivityEvent | undefined {
  return harness.events.find((event) => event.type === 'file-landed' && event.file?.name === name);
}

/** Copies a backup onto a fresh volume and expects it caught: the engine still works. */
async function expectStillGuarding(
  harness: Harness,
  folder: string,
  mountRoot: string,
): Promise<void> {
  const mountPoint = join(mountRoot, 'alice', 'AFTER');
  await mountFat(await fatImage(folder, 'AFTER'), mountPoint);
  await waitFor(() => harness.armedAt.has(mountPoint), 5_000, 'the next volume to be armed');
  await writeFile(join(mountPoint, 'after.jpg'), await readFile(samples.renamedQcow2));
  await waitFor(
    () => eventFor(harness, 'after.jpg') !== undefined,
    10_000,
    'the backup on the next volume',
  );
  expect(eventFor(harness, 'after.jpg')).toMatchObject({
    detection: 'Unauthorized Device Transfer',
    outcome: 'quarantined',
  });
}

describe.runIf(runnable)('Engine arming removable volumes', () => {
  let folder: TempDirectory;
  let mountRoot: string;
  let harness: Harness | null = null;
  const mountPoints: string[] = [];

  beforeEach(async () => {
    folder = await createTempDirectory('copywarden-arming-');
    mountRoot = join(folder.path, 'media');
    await mkdir(join(mountRoot, 'alice'), { recursive: true });
  });
  afterEach(async () => {
    await harness?.engine.dispose();
    harness = null;
    for (const mountPoint of mountPoints.splice(0)) {
      await run('umount', ['-l', mountPoint]).catch(() => undefined);
    }
    await run('umount', ['-l', join(mountRoot, 'alice', 'AFTER')]).catch(() => undefined);
    await folder.dispose();
  });

  it('arms a FUSE FAT volume quickly and catches files copied in the first 50 ms', async () => {
    // Arrange: a running engine and a formatted stick, with the copies read into memory
    harness = await startEngine(folder.path, mountRoot);
    const mountPoint = join(mountRoot, 'alice', 'STICK');
    const image = await fatImage(folder.path, 'STICK');
    const early = await readFile(samples.renamedQcow2);
    const large = await readFile(samples.vhdx);
    mountPoints.push(mountPoint);

    // Act: mount, then copy at once, before the engine can have noticed
    const mountedAt = await mountFat(image, mountPoint);
    const copyStartedAt = performance.now();
    await writeFile(join(mountPoint, 'early.jpg'), early);
    const earlyWrittenAt = performance.now();
    await writeFile(join(mountPoint, 'large.vhdx'), large);
    await waitFor(() => harness?.armedAt.has(mountPoint) ?? false, 5_000, 'the volume to be armed');
    await waitFor(
      () =>
        ['early.jpg', 'large.vhdx'].every(
          (name) => harness !== null && eventFor(harness, name) !== undefined,
        ),
      10_000,
      'both copies to be caught',
    );

    // Assert
    const armedMs = (harness.armedAt.get(mountPoint) ?? Number.NaN) - mountedAt;
    console.log(
      `FUSE FAT armed ${armedMs.toFixed(0)} ms after its mount returned; the first copy started ` +
        `${(copyStartedAt - mountedAt).toFixed(1)} ms and ended ${(earlyWrittenAt - mountedAt).toFixed(1)} ms after it`,
    );
    expect(copyStartedAt - mountedAt).toBeLessThan(50);
    expect(armedMs).toBeLessThan(2_000);
    for (const name of ['early.jpg', 'large.vhdx']) {
      expect(eventFor(harness, name)).toMatchObject({
        detection: 'Unauthorized Device Transfer',
        action: 'block',
        outcome: 'quarantined',
      });
    }
  });

  it('takes a lazy unmount in the middle of a copy as a normal event', async () => {
    // Arrange: an armed stick with a long copy running onto it
    harness = await startEngine(folder.path, mountRoot);
    const mountPoint = join(mountRoot, 'alice', 'LAZY');
    mountPoints.push(mountPoint);
    await mountFat(await fatImage(folder.path, 'LAZY'), mountPoint);
    await waitFor(() => harness?.armedAt.has(mountPoint) ?? false, 5_000, 'the volume to be armed');
    const copy = spawn(
      'dd',
      ['if=/dev/zero', `of=${join(mountPoint, 'big.bin')}`, 'bs=64k', 'count=600'],
      { stdio: 'ignore' },
    );
    const copyEnded = new Promise<number | null>((resolve) => copy.on('close', resolve));

    // Act: unmount while the copy runs
    await delay(150);
    await run('umount', ['-l', mountPoint]);
    await copyEnded;
    await waitFor(
      () => harness?.disarmedAt.has(mountPoint) ?? false,
      5_000,
      'the volume to be disarmed',
    );

    // Assert: the volume is gone, nothing failed, and the next stick is guarded
    expect(
      harness.engine.status().destinations.map((destination) => destination.path),
    ).not.toContain(mountPoint);
    expect(harness.records.filter((record) => record.level === 'error')).toEqual([]);
    await expectStillGuarding(harness, folder.path, mountRoot);
  });

  it('takes a yanked stick (its FUSE driver killed mid-copy) as a normal event', async () => {
    // Arrange: an armed stick with a long copy running onto it
    harness = await startEngine(folder.path, mountRoot);
    const mountPoint = join(mountRoot, 'alice', 'YANK');
    const image = await fatImage(folder.path, 'YANK');
    mountPoints.push(mountPoint);
    await mountFat(image, mountPoint);
    await waitFor(() => harness?.armedAt.has(mountPoint) ?? false, 5_000, 'the volume to be armed');
    const copy = spawn(
      'dd',
      ['if=/dev/zero', `of=${join(mountPoint, 'big.bin')}`, 'bs=64k', 'count=600'],
      { stdio: 'ignore' },
    );
    const copyEnded = new Promise<number | null>((resolve) => copy.on('close', resolve));

    // Act: the device goes away under the copy; the desktop then cleans up the dead mount
    await delay(150);
    const driver = await fusefatProcessOf(image);
    expect(driver).not.toBeNull();
    process.kill(driver ?? 0, 'SIGKILL');
    const copyExit = await copyEnded;
    await delay(300);
    const statusWhileDead = harness.engine.status();
    await run('umount', ['-l', mountPoint]);
    await waitFor(
      () => harness?.disarmedAt.has(mountPoint) ?? false,
      5_000,
      'the volume to be disarmed',
    );

    // Assert: the copy failed, the engine did not, and the next stick is guarded
    expect(copyExit).not.toBe(0);
    expect(statusWhileDead.watcher).toBe(harness.engine.status().watcher);
    expect(harness.records.filter((record) => record.level === 'error')).toEqual([]);
    await expectStillGuarding(harness, folder.path, mountRoot);
  });
});
