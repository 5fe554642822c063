import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

import { createLogger } from '../src-main/engine/base/logger.ts';
import { Engine } from '../src-main/engine/engine.ts';
import { createTempDirectory, delay } from '../test/support/temp.ts';
import { benchLargeTreeWatch } from './large-tree-watch.ts';
import { formatMs, formatRatio, percentile } from './statistics.ts';

const run = promisify(execFile);

/** How many times the loop volume is mounted for the arming figures. */
const mountRounds = 20;

/**
 * Arming: how long after a loop volume is mounted the engine has armed it (p50/p99 over repeated
 * mounts, on an existing mount folder, which only the mount-table poll sees, and on a folder
 * created just before the mount, as udisks does), beside `findmnt --poll`, which learns of mounts
 * from the kernel at once. Then the set-up time and memory of watching 100,000 files in 10,000
 * folders with our inotify helper, beside `inotifywait -r` in the same run.
 */
export async function benchArming(): Promise<void> {
  await benchMountToArmed();
  await benchLargeTreeWatch();
}

async function benchMountToArmed(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-arming-');
  const mountRoot = join(work.path, 'media');
  const image = join(work.path, 'volume.img');
  await mkdir(join(mountRoot, 'alice'), { recursive: true });
  await run('truncate', ['-s', '32M', image]);
  await run('mkfs.ext4', ['-q', '-F', '-L', 'ARMING', image]);
  const loopDevice = (await run('losetup', ['--find', '--show', image])).stdout.trim();

  // The engine, with a log hook that notes each arming and disarming
  const armed = new Map<string, number>();
  const disarmed = new Map<string, number>();
  const logger = createLogger((record) => {
    const armedPath = /^armed removable-volume (.+?) \(/.exec(record.message)?.[1];
    const disarmedPath = /^disarmed (.+)$/.exec(record.message)?.[1];
    if (armedPath !== undefined) {
      armed.set(armedPath, performance.now());
    }
    if (disarmedPath !== undefined) {
      disarmed.set(disarmedPath, performance.now());
    }
  }, 'info');
  const policyFile = join(work.path, 'policy.json');
  const policy = {
    version: 1,
    removableVolumes: { mountRoots: [mountRoot], action: 'audit' },
    cloudSync: { monitor: false },
  };
  await writeFile(policyFile, JSON.stringify(policy));
  const engine = new Engine({
    dataDir: join(work.path, 'data'),
    policyFile,
    logger,
    home: work.path,
    env: { HOME: work.path },
  });
  await engine.start();

  try {
    for (const folderKind of ['existing folder', 'new folder'] as const) {
      const mountPoint = join(
        mountRoot,
        'alice',
        folderKind === 'existing folder' ? 'STICK' : 'FRESH',
      );
      const baseline = startFindmnt(mountPoint);
      await delay(300);
      const ours: number[] = [];
      const theirs: number[] = [];

      for (let round = 0; round < mountRounds; round++) {
        // Mount, and wait for the engine and findmnt to notice
        armed.delete(mountPoint);
        await mkdir(mountPoint, { recursive: true });
        const startedAt = performance.now();
        await run('mount', [loopDevice, mountPoint]);
        await waitUntil(() => armed.has(mountPoint) && baseline.mounts.length > round, 5_000);
        ours.push((armed.get(mountPoint) ?? Number.NaN) - startedAt);
        theirs.push((baseline.mounts[round] ?? Number.NaN) - startedAt);

        // Unmount, and let the engine disarm before the next round
        disarmed.delete(mountPoint);
        await run('umount', [mountPoint]);
        await waitUntil(() => disarmed.has(mountPoint), 5_000);
        if (folderKind === 'new folder') {
          await rm(mountPoint, { recursive: true, force: true });
        }
        await delay(100);
      }
      baseline.child.kill();
      printArming(folderKind, ours, theirs);
    }
  } finally {
    await engine.dispose();
    await run('losetup', ['-d', loopDevice]).catch(() => undefined);
    await work.dispose();
  }
}

/** `findmnt --poll` prints each mount the moment the kernel reports it. */
function startFindmnt(mountPoint: string): { child: ChildProcess; mounts: number[] } {
  const child = spawn('findmnt', ['--poll', '--mountpoint', mountPoint, '-n', '-o', 'ACTION']);
  const mounts: number[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() === 'mount') {
      mounts.push(performance.now());
    }
  });
  return { child, mounts };
}

function printArming(folderKind: string, ours: number[], theirs: number[]): void {
  const [ourP50, ourP99] = [percentile(ours, 0.5), percentile(ours, 0.99)];
  const [theirP50, theirP99] = [percentile(theirs, 0.5), percentile(theirs, 0.99)];
  const where =
    folderKind === 'existing folder' ? 'an existing folder' : 'a folder made just before';
  console.log(`\nMount to armed: ext4 loop volume mounted ${mountRounds} times on ${where}`);
  console.log(
    `  copywarden engine (armed)   p50 ${formatMs(ourP50).padEnd(10)} p99 ${formatMs(ourP99)}`,
  );
  console.log(
    `  findmnt --poll (noticed)    p50 ${formatMs(theirP50).padEnd(10)} p99 ${formatMs(theirP99)}`,
  );
  console.log(
    `  engine vs findmnt: p50 ${formatRatio(ourP50, theirP50)}, p99 ${formatRatio(ourP99, theirP99)}; ` +
      `target: armed within 500 ms (${ours.filter((value) => value < 500).length}/${ours.length} were)`,
  );
}

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms.`);
    }
    await delay(2);
  }
}
