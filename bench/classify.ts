import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { classifyFile } from '../src-main/engine/classify/classify-file.ts';
import { createTempDirectory } from '../test/support/temp.ts';
import { formatRatio, percentile } from './statistics.ts';

/** Files of each size classified, and how often each is classified. */
const sizes: { label: string; sizeBytes: number; sparse: boolean }[] = [
  { label: '1 KiB', sizeBytes: 1024, sparse: false },
  { label: '1 MiB', sizeBytes: 1024 ** 2, sparse: false },
  { label: '1 GiB (sparse)', sizeBytes: 1024 ** 3, sparse: true },
  { label: '100 GiB (sparse)', sizeBytes: 100 * 1024 ** 3, sparse: true },
];
const roundsPerSize = 300;

/** The folder of small files, and how many files are in flight at once (as in the engine). */
const folderFiles = 10_000;
const folderConcurrency = 4;

/** Archive members for the look-inside figures. */
const archiveMembers = 3_000;

/**
 * Classification cost, beside a baseline measured in the same run on the same files: `fs.stat`
 * plus opening the file and reading its first 4 KiB. The page cache is warm for both.
 *
 * - Time per file for sizes from 1 KiB to a 100 GiB sparse file: flat, since only the head
 *   (128 KiB) and the tail (4 KiB) are read.
 * - Files per second on a folder of 10,000 small files.
 * - Zip and tar files of 3,000 members, whose members are listed within the archive bounds.
 */
export async function benchClassify(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-classify-');
  try {
    console.log('\nClassification time per file (median of 300, page cache warm)');
    console.log('  file                  classifyFile    stat + 4 KiB read   ratio');
    for (const size of sizes) {
      const path = join(work.path, `file-${size.sizeBytes}.bin`);
      await writeSizedFile(path, size.sizeBytes, size.sparse);
      const ours = await medianMs(roundsPerSize, () => classifyFile(path));
      const baseline = await medianMs(roundsPerSize, () => statAndRead(path));
      console.log(
        `  ${size.label.padEnd(21)} ${formatUs(ours).padEnd(15)} ${formatUs(baseline).padEnd(19)} ${formatRatio(ours, baseline)}`,
      );
    }

    await benchFolder(work.path);
    await benchArchives(work.path);
  } finally {
    await work.dispose();
  }
}

async function benchFolder(root: string): Promise<void> {
  // Ten thousand small files, some of them backups
  const folder = join(root, 'many');
  await mkdir(folder);
  const paths: string[] = [];
  for (let index = 0; index < folderFiles; index++) {
    const path = join(folder, `file-${index}.${index % 10 === 0 ? 'sql' : 'txt'}`);
    const content = index % 10 === 0 ? '-- MySQL dump 10.13\n' : randomBytes(2048);
    await writeFile(path, content);
    paths.push(path);
  }

  // Our classifier, then the baseline, over the same files
  const oursMs = await inParallel(paths, (path) => classifyFile(path));
  const baselineMs = await inParallel(paths, statAndRead);
  const ours = folderFiles / (oursMs / 1000);
  const baseline = folderFiles / (baselineMs / 1000);
  console.log(
    `\nFolder of ${folderFiles} small files, ${folderConcurrency} at a time\n` +
      `  classifyFile ${ours.toFixed(0)} files/s; stat + 4 KiB read ${baseline.toFixed(0)} files/s; ` +
      `time ratio ${formatRatio(oursMs, baselineMs)}`,
  );
}

async function benchArchives(root: string): Promise<void> {
  // Archives of many small members, named as nothing in particular
  const members = join(root, 'members');
  await mkdir(members);
  for (let index = 0; index < archiveMembers; index++) {
    await writeFile(join(members, `member-${index}.txt`), `line ${index}\n`);
  }
  execFileSync('zip', ['-qr', '../members.zip', '.'], { cwd: members });
  execFileSync('tar', ['-cf', '../members.tar', '.'], { cwd: members });

  console.log(`\nArchives of ${archiveMembers} members (median of 50)`);
  console.log('  archive        classifyFile    without listing   stat + 4 KiB read');
  for (const file of ['members.zip', 'members.tar']) {
    const path = join(root, file);
    const ours = await medianMs(50, () => classifyFile(path));
    const sampleOnly = await medianMs(50, () => classifyFile(path, { lookInsideArchives: false }));
    const baseline = await medianMs(50, () => statAndRead(path));
    console.log(
      `  ${file.padEnd(14)} ${formatUs(ours).padEnd(15)} ${formatUs(sampleOnly).padEnd(17)} ${formatUs(baseline)}`,
    );
  }
}

/** A file of `sizeBytes` with random bytes at the head and tail, and a hole between when sparse. */
async function writeSizedFile(path: string, sizeBytes: number, sparse: boolean): Promise<void> {
  if (!sparse) {
    await writeFile(path, randomBytes(sizeBytes));
    return;
  }
  execFileSync('truncate', ['-s', String(sizeBytes), path]);
  const handle = await open(path, 'r+');
  await handle.write(randomBytes(256 * 1024), 0, 256 * 1024, 0);
  await handle.write(randomBytes(64 * 1024), 0, 64 * 1024, sizeBytes - 64 * 1024);
  await handle.close();
}

/** The baseline: what any look at a file costs at least. */
async function statAndRead(path: string): Promise<void> {
  await stat(path);
  const handle = await open(path, 'r');
  await handle.read(new Uint8Array(4096), 0, 4096, 0);
  await handle.close();
}

async function medianMs(rounds: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return percentile(times, 0.5);
}

async function inParallel(
  paths: string[],
  work: (path: string) => Promise<unknown>,
): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < paths.length; index = next++) {
      await work(paths[index] ?? '');
    }
  };
  await Promise.all(Array.from({ length: folderConcurrency }, worker));
  return performance.now() - start;
}

function formatUs(ms: number): string {
  return `${(ms * 1000).toFixed(0)} µs`;
}
