import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { createLogger } from '../src-main/engine/base/logger.ts';
import { createWatchBackend } from '../src-main/engine/watch/create-watch-backend.ts';
import { InotifyBackend } from '../src-main/engine/watch/inotify-backend.ts';
import { formatMs, formatRatio, percentile } from './statistics.ts';

/** The large tree: folders and files per folder (10,000 folders, 100,000 files). */
const treeFolders = 10_000;
const filesPerTreeFolder = 10;

/** Kept between runs (the folder is ignored by git); creating it takes most of a first run. */
const treeRoot = join(import.meta.dirname, '..', '.bench', 'watch-tree-100k');

/**
 * The set-up time and memory of watching a sync-folder-sized tree (100,000 files in 10,000
 * folders) with our inotify helper, beside `inotifywait -r` in the same run: both keep one watch
 * per folder, so memory grows with folders, not files.
 */
export async function benchLargeTreeWatch(): Promise<void> {
  await ensureTree();
  console.log(
    `\nWatching a tree of ${treeFolders * filesPerTreeFolder} files in ${treeFolders} folders ` +
      '(set-up until ready, memory of the watching process, inotify watches)',
  );

  // Alternate the two, three rounds each, and keep the medians
  const figures: Record<'ours' | 'theirs', WatchSetup[]> = { ours: [], theirs: [] };
  for (let round = 0; round < 3; round++) {
    figures.ours.push(await watchWithOurHelper());
    figures.theirs.push(await watchWithInotifywait());
  }
  const ours = medianSetup(figures.ours);
  const theirs = medianSetup(figures.theirs);
  for (const [name, setup] of [
    ['inotifywait -r', theirs],
    ['copywarden helper', ours],
  ] as const) {
    const ready = `ready ${formatMs(setup.readyMs)}`;
    const memory = `RSS ${(setup.rssBytes / 1024 / 1024).toFixed(1)} MiB`;
    console.log(
      `  ${name.padEnd(20)} ${ready.padEnd(18)} ${memory.padEnd(14)} watches ${setup.watches}`,
    );
  }
  console.log(
    `  copywarden vs inotifywait: set-up ${formatRatio(ours.readyMs, theirs.readyMs)}, ` +
      `memory ${formatRatio(ours.rssBytes, theirs.rssBytes)} (our set-up includes the catch-up scan of every file)`,
  );
}

/** One watcher's set-up on the tree. */
interface WatchSetup {
  readyMs: number;
  rssBytes: number;
  watches: number;
}

async function watchWithOurHelper(): Promise<WatchSetup> {
  const backend = createWatchBackend({ logger: createLogger(() => undefined), prefer: 'inotify' });
  if (!(backend instanceof InotifyBackend)) {
    await backend.dispose();
    throw new Error('The inotify helper is not built: run npm run build:native first.');
  }

  try {
    const startedAt = performance.now();
    await backend.add(treeRoot, { sinceMs: Date.now() });
    const readyMs = performance.now() - startedAt;
    return { readyMs, ...(await processFigures(backend.helperPid ?? 0)) };
  } finally {
    await backend.dispose();
  }
}

async function watchWithInotifywait(): Promise<WatchSetup> {
  const startedAt = performance.now();
  const child = spawn('inotifywait', ['-m', '-r', '-e', 'close_write,moved_to', treeRoot], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    // It says on standard error when its watches are in place
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', () => {
        reject(new Error('inotifywait ended before its watches were established'));
      });
      createInterface({ input: child.stderr }).on('line', (line) => {
        if (line.includes('Watches established')) {
          resolve();
        }
      });
    });
    const readyMs = performance.now() - startedAt;
    return { readyMs, ...(await processFigures(child.pid ?? 0)) };
  } finally {
    child.kill();
  }
}

/** The resident memory of a process and the number of inotify watches it holds. */
async function processFigures(pid: number): Promise<{ rssBytes: number; watches: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return { rssBytes: rssKiB * 1024, watches: await inotifyWatchCount(pid) };
}

async function inotifyWatchCount(pid: number): Promise<number> {
  let watches = 0;
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target === 'anon_inode:inotify') {
      const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      watches += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    }
  }
  return watches;
}

function medianSetup(setups: WatchSetup[]): WatchSetup {
  return {
    readyMs: percentile(
      setups.map((setup) => setup.readyMs),
      0.5,
    ),
    rssBytes: percentile(
      setups.map((setup) => setup.rssBytes),
      0.5,
    ),
    watches: percentile(
      setups.map((setup) => setup.watches),
      0.5,
    ),
  };
}

/** Creates the tree once: 100 folders of 100 folders of 10 small files. */
async function ensureTree(): Promise<void> {
  const marker = join(treeRoot, '.complete');
  if (existsSync(marker)) {
    return;
  }
  console.log(`\nCreating ${treeFolders * filesPerTreeFolder} files in ${treeRoot} (once)...`);
  await rm(treeRoot, { recursive: true, force: true });

  const side = Math.sqrt(treeFolders);
  for (let outer = 0; outer < side; outer++) {
    const folders = Array.from({ length: side }, (_, inner) =>
      join(treeRoot, `d${outer}`, `d${inner}`),
    );
    await Promise.all(
      folders.map(async (folder) => {
        await mkdir(folder, { recursive: true });
        for (let file = 0; file < filesPerTreeFolder; file++) {
          await writeFile(join(folder, `f${file}.txt`), 'x');
        }
      }),
    );
  }
  await writeFile(marker, '');
}
