import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { ActivityEvent } from '../src-shared/activity-event.ts';
import { createLogger } from '../src-main/engine/base/logger.ts';
import { createWatchBackend } from '../src-main/engine/watch/create-watch-backend.ts';
import type { WatchBackend } from '../src-main/engine/watch/watch-backend.ts';
import { startAgent } from '../test/support/agent-process.ts';
import { createTempDirectory, delay } from '../test/support/temp.ts';
import { mountTestVolume } from '../test/support/volumes.ts';
import { runCopyWorkload, type CopyWorkloadOptions, type WrittenFile } from './copy-workload.ts';
import { formatMs, formatRatio, percentile } from './statistics.ts';

/** What one watcher made of the workload. */
interface WatcherFigures {
  name: string;
  p50Ms: number;
  p99Ms: number;
  missed: number;
  reportedEarly: number;
}

const workload: Omit<CopyWorkloadOptions, 'root'> = {
  flatFiles: 100,
  newFolders: 20,
  filesPerFolder: 10,
  slowEvery: 10,
  slowPauseMs: 300,
  fileBytes: 64 * 1024,
};

/**
 * Close-to-event latency on a watched ext4 loop volume: the copywarden agent (watcher, classifier,
 * policy and activity log) beside `inotifywait -r` measured in the same run on the same copy.
 */
export async function benchWatchLatency(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-');
  const mountRoot = join(work.path, 'media');
  await mkdir(mountRoot);
  const volume = await mountTestVolume({
    filesystem: 'ext4',
    mountRoot,
    label: 'BENCH',
    sizeMiB: 256,
  });
  try {
    // Start every watcher on the volume: the baseline, our backends alone, and the whole agent
    const baseline = await startInotifywait(volume.mountPoint);
    const helper = await startBackend('inotify', volume.mountPoint);
    const portable = await startBackend('chokidar', volume.mountPoint);
    const policyFile = join(work.path, 'policy.json');
    const policy = {
      version: 1,
      removableVolumes: { mountRoots: [mountRoot], action: 'audit' },
      cloudSync: { monitor: false },
    };
    await writeFile(policyFile, JSON.stringify(policy));
    const agent = await startAgent(
      ['--policy', policyFile, '--data-dir', join(work.path, 'data')],
      {
        ...process.env,
        HOME: work.path,
      },
    );

    // Copy, then let the last reports arrive
    const written = await runCopyWorkload({ ...workload, root: volume.mountPoint });
    await delay(3_000);
    await agent.stop();
    baseline.stop();
    await helper.backend.dispose();
    await portable.backend.dispose();

    // Report
    const ours = figuresFromAgent(written, agent.events, agent.arrivals);
    const theirs = figuresFromArrivals('inotifywait -r', written, baseline.arrivals);
    const helperFigures = figuresFromBackend('inotify backend', written, helper);
    const portableFigures = figuresFromBackend('chokidar backend', written, portable);
    printFigures(written.length, [theirs, helperFigures, portableFigures, ours]);
  } finally {
    await volume.dispose();
    await work.dispose();
  }
}

function startInotifywait(root: string): Promise<{ arrivals: Map<string, number>; stop(): void }> {
  const child = spawn('inotifywait', [
    '-m',
    '-r',
    '-e',
    'close_write,moved_to',
    '--format',
    '%w%f',
    root,
  ]);
  const arrivals = new Map<string, number>();
  createInterface({ input: child.stdout }).on('line', (path) =>
    arrivals.set(path, performance.timeOrigin + performance.now()),
  );

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.includes('Watches established')) {
        resolve({ arrivals, stop: () => child.kill() });
      }
    });
  });
}

/** A watch backend of ours, run in this process, with each file's first report and its size then. */
interface BackendRun {
  backend: WatchBackend;
  arrivals: Map<string, number>;
  sizesAtReport: Map<string, number>;
}

async function startBackend(prefer: 'inotify' | 'chokidar', root: string): Promise<BackendRun> {
  const backend = createWatchBackend({ logger: createLogger(() => undefined), prefer });
  const arrivals = new Map<string, number>();
  const sizesAtReport = new Map<string, number>();
  backend.onDidFinishWrite((write) => {
    if (!arrivals.has(write.path)) {
      arrivals.set(write.path, performance.timeOrigin + performance.now());
      sizesAtReport.set(write.path, statSync(write.path, { throwIfNoEntry: false })?.size ?? -1);
    }
  });
  await backend.add(root, { sinceMs: Date.now() });
  return { backend, arrivals, sizesAtReport };
}

function figuresFromBackend(name: string, written: WrittenFile[], run: BackendRun): WatcherFigures {
  const early = written.filter(
    (file) => (run.sizesAtReport.get(file.path) ?? file.sizeBytes) < file.sizeBytes,
  );
  const figures = figuresFromArrivals(name, written, run.arrivals);
  return { ...figures, reportedEarly: early.length };
}

function figuresFromAgent(
  written: WrittenFile[],
  events: ActivityEvent[],
  arrivals: Map<string, number>,
): WatcherFigures {
  const firstEvent = new Map<string, ActivityEvent>();
  for (const event of events) {
    if (event.file !== null && !firstEvent.has(event.file.path)) {
      firstEvent.set(event.file.path, event);
    }
  }

  const latencies: number[] = [];
  let missed = 0;
  let reportedEarly = 0;
  for (const file of written) {
    const event = firstEvent.get(file.path);
    if (event === undefined || event.file === null) {
      missed++;
      continue;
    }
    if (event.file.sizeBytes < file.sizeBytes) {
      reportedEarly++;
    }
    latencies.push((arrivals.get(event.eventId) ?? Number.NaN) - file.closedAt);
  }
  return summarise('copywarden agent', latencies, missed, reportedEarly);
}

function figuresFromArrivals(
  name: string,
  written: WrittenFile[],
  arrivals: Map<string, number>,
): WatcherFigures {
  const latencies: number[] = [];
  let missed = 0;
  for (const file of written) {
    const arrival = arrivals.get(file.path);
    if (arrival === undefined) {
      missed++;
    } else {
      latencies.push(arrival - file.closedAt);
    }
  }
  // Reports made only on close events cannot come before the last write.
  return summarise(name, latencies, missed, 0);
}

function summarise(
  name: string,
  latencies: number[],
  missed: number,
  reportedEarly: number,
): WatcherFigures {
  return {
    name,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    missed,
    reportedEarly,
  };
}

function printFigures(fileCount: number, [baseline, ...others]: WatcherFigures[]): void {
  console.log(
    `\nWatch latency: ${fileCount} files on an ext4 loop volume (${workload.flatFiles} flat, ` +
      `${workload.newFolders} folders created during the copy x ${workload.filesPerFolder}, ` +
      `every ${workload.slowEvery}th file pausing ${workload.slowPauseMs} ms mid-write)`,
  );
  console.log('  watcher              close-to-event p50   p99          missed   reported early');
  for (const figures of [baseline, ...others]) {
    if (figures === undefined) {
      continue;
    }
    console.log(
      `  ${figures.name.padEnd(20)} ${formatMs(figures.p50Ms).padEnd(20)} ${formatMs(figures.p99Ms).padEnd(12)} ` +
        `${String(figures.missed).padEnd(8)} ${figures.reportedEarly}`,
    );
  }
  for (const figures of others) {
    if (baseline !== undefined) {
      console.log(
        `  ${figures.name} vs ${baseline.name}: p50 ${formatRatio(figures.p50Ms, baseline.p50Ms)}, ` +
          `p99 ${formatRatio(figures.p99Ms, baseline.p99Ms)}`,
      );
    }
  }
}
