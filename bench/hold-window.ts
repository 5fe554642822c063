import { spawn } from 'node:child_process';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { createLogger } from '../src-main/engine/base/logger.ts';
import { Engine } from '../src-main/engine/engine.ts';
import { createTempDirectory, delay } from '../test/support/temp.ts';
import { mountTestVolume } from '../test/support/volumes.ts';
import { formatMs, formatRatio, percentile } from './statistics.ts';

/** Files per case, and their sizes. */
const fileCount = 40;
const fileSizes = [1024 * 1024, 16 * 1024 * 1024];

/**
 * The hold window: how long a backup stays on its destination between the writer's close and
 * the engine taking it off (the time a sync client would have to start an upload). Measured by
 * one `inotifywait` beside the engine, so both ends of each interval share a clock and a lag.
 * The baseline is the floor for any tool that must not lose the file: one durable copy of it
 * (write and fsync) into the data directory, timed directly.
 */
export async function benchHoldWindow(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-hold-');
  const mountRoot = join(work.path, 'media');
  await mkdir(mountRoot);
  const volume = await mountTestVolume({
    filesystem: 'ext4',
    mountRoot,
    label: 'HOLD',
    sizeMiB: 1024,
  });
  try {
    // A sync folder on the data directory's filesystem, and a removable volume on its own
    const home = join(work.path, 'home');
    const dropbox = join(home, 'Dropbox');
    await mkdir(join(home, '.dropbox'), { recursive: true });
    await mkdir(dropbox);
    await writeFile(
      join(home, '.dropbox', 'info.json'),
      JSON.stringify({ personal: { path: dropbox } }),
    );
    const policyFile = join(work.path, 'policy.json');
    const policy = {
      version: 1,
      removableVolumes: { mountRoots: [mountRoot], action: 'prompt' },
      cloudSync: { action: 'prompt' },
      prompt: { timeoutSeconds: 3600 },
      detections: { bulkBackupCopy: { maxFiles: 100_000 } },
    };
    await writeFile(policyFile, JSON.stringify(policy));
    const engine = new Engine({
      dataDir: join(work.path, 'data'),
      policyFile,
      logger: createLogger(() => undefined),
      home,
      env: { HOME: home },
    });
    await engine.start();

    // Measure each folder and size
    console.log(
      `\nHold window: close to gone from the destination, ${fileCount} backups per case, action prompt`,
    );
    console.log(
      '  destination                        size     p50          p99          durable copy p50  ratio',
    );
    for (const [name, folder] of [
      ['sync folder (same filesystem)', dropbox],
      ['removable volume (own filesystem)', volume.mountPoint],
    ] as const) {
      for (const sizeBytes of fileSizes) {
        const held = await measure(folder, sizeBytes);
        const copied = await measureDurableCopy(join(work.path, 'data'), sizeBytes);
        console.log(
          `  ${name.padEnd(34)} ${`${sizeBytes / 1024 / 1024} MiB`.padEnd(8)} ${formatMs(percentile(held, 0.5)).padEnd(12)} ` +
            `${formatMs(percentile(held, 0.99)).padEnd(12)} ${formatMs(percentile(copied, 0.5)).padEnd(17)} ${formatRatio(percentile(held, 0.5), percentile(copied, 0.5))}`,
        );
      }
    }
    await engine.dispose();
  } finally {
    await volume.dispose();
    await work.dispose();
  }
}

/** Times `fileCount` durable copies (write and fsync) of a file of `sizeBytes` into `folder`. */
async function measureDurableCopy(folder: string, sizeBytes: number): Promise<number[]> {
  const contents = Buffer.alloc(sizeBytes, 0x41);
  const intervals: number[] = [];
  for (let index = 0; index < fileCount; index++) {
    const path = join(folder, `baseline-${index}`);
    const startedAt = performance.now();
    const handle = await open(path, 'w');
    await handle.write(contents);
    await handle.sync();
    await handle.close();
    intervals.push(performance.now() - startedAt);
    await rm(path);
  }
  return intervals;
}

/**
 * Writes `fileCount` backups into `folder` and returns, for each, the time between its close
 * and its removal by the engine, as inotify reports them.
 */
async function measure(folder: string, sizeBytes: number): Promise<number[]> {
  const closedAt = new Map<string, number>();
  const intervals: number[] = [];
  const watcher = spawn('inotifywait', [
    '-m',
    '-q',
    '-e',
    'close_write,delete,moved_from',
    '--format',
    '%e|%w%f',
    folder,
  ]);
  createInterface({ input: watcher.stdout }).on('line', (line) => {
    const now = performance.now();
    const [events = '', path = ''] = line.split('|');
    if (events.includes('CLOSE_WRITE')) {
      closedAt.set(path, now);
    } else if (closedAt.has(path)) {
      intervals.push(now - (closedAt.get(path) ?? now));
      closedAt.delete(path);
    }
  });
  await delay(300);

  // Write the files: a VHDX signature, then filler
  const contents = Buffer.alloc(sizeBytes, 0x41);
  contents.write('vhdxfile', 0, 'latin1');
  contents.write('head', 0x10000, 'latin1');
  for (let index = 0; index < fileCount; index++) {
    await writeFile(join(folder, `backup-${sizeBytes}-${index}.vhdx`), contents);
  }

  await delay(3_000);
  watcher.kill();
  return intervals;
}
