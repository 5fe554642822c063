import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createLogger } from '../src-main/engine/base/logger.ts';
import type { ScanProgress } from '../src-main/engine/fingerprint/repository-scan.ts';
import { Inventory } from '../src-main/engine/fingerprint/inventory.ts';
import { createTempDirectory } from '../test/support/temp.ts';
import { formatRatio, percentile } from './statistics.ts';

/** The repository: many pack-sized files, as restic and Borg write them, plus a few large ones. */
const smallFiles = { count: 2_000, sizeBytes: 128 * 1024 };
const largeFiles = { count: 20, sizeBytes: 16 * 1024 * 1024 };
const lookupRounds = 300;

/**
 * Fingerprinting cost on a repository of 2,020 files (250 MiB in 128 KiB files, 320 MiB in
 * 16 MiB files), beside a baseline measured in the same run on the same files: opening each and
 * reading its first 4 KiB. The page cache is warm. Figures: the first inventory (files/s, MiB
 * read per file), a rescan with nothing changed, and a lookup per landed file.
 */
export async function benchFingerprint(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-fingerprint-');
  try {
    // The repository
    const repository = join(work.path, 'repository');
    const paths = await writeRepository(repository);

    // The first inventory, then a rescan with nothing changed
    const inventory = new Inventory({
      dataDir: join(work.path, 'data'),
      repositories: [{ path: repository }],
      logger: createLogger(() => undefined),
    });
    let done: ScanProgress | undefined;
    inventory.onDidProgress((progress) => {
      if (progress.phase === 'done') {
        done = progress;
      }
    });
    const firstMs = await timeMs(() => inventory.rescan());
    const firstScan = done;
    const rescanMs = await timeMs(() => inventory.rescan());
    const baselineMs = await timeMs(() => readHeads(paths));

    // Lookups: a renamed copy, and a file of a size no repository file has
    const copy = join(work.path, 'landed-copy.jpg');
    const stranger = join(work.path, 'landed-other.bin');
    await copyFile(paths[0] ?? '', copy);
    await writeFile(stranger, randomBytes(smallFiles.sizeBytes + 1));
    const copyLookup = await medianMs(() => inventory.lookup(copy));
    const strangerLookup = await medianMs(() => inventory.lookup(stranger));
    const headLookup = await medianMs(() => readHeads([copy]));
    await inventory.dispose();

    // Report
    const files = paths.length;
    const mibPerFile = (firstScan?.bytesRead ?? Number.NaN) / files / 1024 ** 2;
    console.log(`\nRepository fingerprinting: ${files} files (page cache warm)`);
    console.log(
      `  first inventory      ${perSecond(files, firstMs)} files/s, ${mibPerFile.toFixed(3)} MiB read per file; ` +
        `time vs reading 4 KiB of each file: ${formatRatio(firstMs, baselineMs)}`,
    );
    console.log(
      `  rescan, no changes   ${perSecond(files, rescanMs)} files/s (stat only); ` +
        `time vs reading 4 KiB of each file: ${formatRatio(rescanMs, baselineMs)}`,
    );
    console.log(
      `  baseline             ${perSecond(files, baselineMs)} files/s (open + 4 KiB read)`,
    );
    console.log(
      `  lookup of a landed file: renamed copy ${formatUs(copyLookup)} (${formatRatio(copyLookup, headLookup)}), ` +
        `size unknown to the inventory ${formatUs(strangerLookup)} (${formatRatio(strangerLookup, headLookup)}); ` +
        `baseline open + 4 KiB read ${formatUs(headLookup)}`,
    );
  } finally {
    await work.dispose();
  }
}

async function writeRepository(repository: string): Promise<string[]> {
  const paths: string[] = [];
  for (const { count, sizeBytes } of [smallFiles, largeFiles]) {
    for (let index = 0; index < count; index++) {
      const folder = join(repository, 'data', (index % 256).toString(16).padStart(2, '0'));
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${sizeBytes}-${index}`);
      await writeFile(path, randomBytes(sizeBytes));
      paths.push(path);
    }
  }
  return paths;
}

async function readHeads(paths: readonly string[]): Promise<void> {
  const buffer = new Uint8Array(4096);
  for (const path of paths) {
    const handle = await open(path, 'r');
    await handle.read(buffer, 0, buffer.length, 0);
    await handle.close();
  }
}

async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < lookupRounds; round++) {
    times.push(await timeMs(work));
  }
  return percentile(times, 0.5);
}

function perSecond(count: number, ms: number): string {
  return (count / (ms / 1000)).toFixed(0);
}

function formatUs(ms: number): string {
  return `${(ms * 1000).toFixed(0)} µs`;
}
