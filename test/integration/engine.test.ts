import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { createMemoryLogger } from '../../src-main/engine/base/logger.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { canRun } from '../support/requirements.ts';
import { makeSampleFiles, sampleFileTools, type SampleFiles } from '../support/fixtures.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../support/temp.ts';
import {
  mountTestVolume,
  volumeTools,
  type TestVolume,
  type VolumeFilesystem,
} from '../support/volumes.ts';

/**
 * The engine end to end on real volumes: a disk image, a renamed disk image and a text file are
 * copied onto a mounted volume (or into a Dropbox folder); the backups must be quarantined and
 * recorded, and the text file recorded and left alone.
 */

let samplesFolder: TempDirectory;
let samples: SampleFiles;
beforeAll(async () => {
  samplesFolder = await createTempDirectory('copywarden-samples-');
  samples = await makeSampleFiles(samplesFolder.path);
});
afterAll(() => samplesFolder.dispose());

interface Harness {
  engine: Engine;
  events: ActivityEvent[];
  dataDir: string;
}

async function startEngine(folder: string, policy: object, home: string): Promise<Harness> {
  const policyFile = join(folder, 'policy.json');
  await writeFile(policyFile, JSON.stringify(policy));
  const dataDir = join(folder, 'data');
  const engine = new Engine({
    dataDir,
    policyFile,
    logger: createMemoryLogger(),
    home,
    env: { HOME: home },
  });
  const events: ActivityEvent[] = [];
  engine.onDidRecordEvent((event) => events.push(event));
  await engine.start();
  return { engine, events, dataDir };
}

function fileEvent(events: ActivityEvent[], name: string): ActivityEvent | undefined {
  return events.find((event) => event.type === 'file-landed' && event.file?.name === name);
}

/**
 * Copies the samples with `cp`, as a user would. The disk images are sparse, and the FUSE FAT
 * driver cannot extend a file by seeking past its end, so the copy writes every byte.
 */
async function copyAllInto(folder: string): Promise<void> {
  const files = [samples.vhdx, samples.renamedQcow2, samples.benign];
  await promisify(execFile)('cp', ['--sparse=never', ...files, folder]);
}

async function expectBackupsHeldAndTextKept(
  harness: Harness,
  folder: string,
  detection: string,
): Promise<void> {
  const names = [samples.vhdx, samples.renamedQcow2, samples.benign].map((path) => basename(path));
  await waitFor(
    () => names.every((name) => fileEvent(harness.events, name) !== undefined),
    10_000,
    'three events',
  );

  // The backups: quarantined, recorded with their detection, gone from the destination
  for (const [name, format] of [
    ['server-backup.vhdx', 'vhdx'],
    ['holiday.jpg', 'qcow2'],
  ] as const) {
    const event = fileEvent(harness.events, name);
    expect(event).toMatchObject({
      detection,
      outcome: 'quarantined',
      action: 'block',
      file: { format },
    });
    await expect(stat(join(folder, name))).rejects.toMatchObject({ code: 'ENOENT' });
    const released = join(harness.dataDir, 'released', name);
    const restored = await harness.engine.restoreFromQuarantine(
      event?.quarantineId ?? '',
      released,
    );
    expect(restored).toEqual({ ok: true, value: released });
    expect((await readFile(released)).equals(await readFile(join(samplesFolder.path, name)))).toBe(
      true,
    );
  }

  // The text file: recorded as not a backup, untouched
  expect(fileEvent(harness.events, 'meeting-notes.txt')).toMatchObject({
    detection: null,
    outcome: 'allowed',
  });
  expect(await readFile(join(folder, 'meeting-notes.txt'))).toEqual(await readFile(samples.benign));

  // The activity log holds the same events
  // (the FUSE FAT driver also shows the volume label as a file, which is recorded too)
  const logged = harness.engine
    .queryLog()
    .filter((event) => event.type === 'file-landed' && names.includes(event.file?.name ?? ''));
  expect(logged.map((event) => event.file?.name).sort()).toEqual([...names].sort());
}

describe.each<VolumeFilesystem>(['ext4', 'fat'])('Engine on a %s volume', (filesystem) => {
  const runnable = canRun({ root: true, tools: [...volumeTools[filesystem], ...sampleFileTools] });
  let folder: TempDirectory;
  let volume: TestVolume | null = null;
  let harness: Harness | null = null;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(async () => {
    await harness?.engine.dispose();
    await volume?.dispose();
    await folder.dispose();
  });

  it.runIf(runnable)(
    'quarantines backups copied onto a volume mounted under a mount root',
    async () => {
      const mountRoot = join(folder.path, 'media');
      await mkdir(join(mountRoot, 'alice'), { recursive: true });
      harness = await startEngine(
        folder.path,
        { version: 1, removableVolumes: { mountRoots: [mountRoot] } },
        folder.path,
      );

      volume = await mountTestVolume({
        filesystem,
        mountRoot: join(mountRoot, 'alice'),
        label: 'STICK',
      });
      await waitFor(
        () =>
          harness?.engine
            .status()
            .destinations.some((destination) => destination.path === volume?.mountPoint) ?? false,
        5_000,
        'the volume to be armed',
      );
      await copyAllInto(volume.mountPoint);

      await expectBackupsHeldAndTextKept(
        harness,
        volume.mountPoint,
        'Unauthorized Device Transfer',
      );
    },
  );
});

describe('Engine on a Dropbox folder', () => {
  const runnable = canRun({ tools: sampleFileTools });
  const policy = { version: 1, removableVolumes: { monitor: false } };
  let folder: TempDirectory;
  let home: string;
  let dropbox: string;
  let harness: Harness | null = null;
  beforeEach(async () => {
    folder = await createTempDirectory();
    home = join(folder.path, 'home');
    dropbox = join(home, 'Dropbox');
    await mkdir(join(home, '.dropbox'), { recursive: true });
    await mkdir(dropbox);
    const personal = {
      path: dropbox,
      host: 4242424242,
      is_team: false,
      subscription_type: 'Basic',
    };
    await writeFile(join(home, '.dropbox', 'info.json'), JSON.stringify({ personal }));
  });
  afterEach(async () => {
    await harness?.engine.dispose();
    await folder.dispose();
  });

  it.runIf(runnable)(
    'quarantines backups copied into a sync folder found from info.json',
    async () => {
      harness = await startEngine(folder.path, policy, home);
      const watched = harness.engine.status().destinations.map((destination) => destination.path);
      await copyAllInto(dropbox);

      expect(watched).toEqual([dropbox]);
      await expectBackupsHeldAndTextKept(harness, dropbox, 'Cloud Storage Upload');
    },
  );

  it.runIf(runnable)('catches up on a backup copied while the agent was stopped', async () => {
    const first = await startEngine(folder.path, policy, home);
    await first.engine.dispose();

    // Copied while no agent runs, longer ago than the margin a restart alone would cover
    await promisify(execFile)('cp', [samples.vhdx, dropbox]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    harness = await startEngine(folder.path, policy, home);
    await harness.engine.idle();

    expect(fileEvent(harness.events, 'server-backup.vhdx')).toMatchObject({
      outcome: 'quarantined',
    });
  });
});
