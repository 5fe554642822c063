import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { ChokidarBackend } from '../../../src-main/engine/watch/chokidar-backend.ts';
import { InotifyBackend } from '../../../src-main/engine/watch/inotify-backend.ts';
import { linuxWatchHelperPath } from '../../../src-main/engine/watch/linux-watch-helper.ts';
import type {
  FinishReason,
  FinishedWrite,
  WatchBackend,
  WatchFailure,
} from '../../../src-main/engine/watch/watch-backend.ts';
import { isCi } from '../../support/requirements.ts';

/** The settle time the chokidar backend runs with in these tests. */
export const testSettleMs = 500;

/** A backend under test, with what it can promise. */
export interface BackendCase {
  name: string;
  /** Whether it can run on this machine. */
  isAvailable: boolean;
  create(): WatchBackend;
  /** The reason it gives a file renamed into a watched tree. */
  movedInReason: FinishReason;
  /** Whether it reports a file whose writer pauses longer than `testSettleMs` only at the end. */
  waitsForClose: boolean;
}

const helperPath = linuxWatchHelperPath();
if (helperPath === undefined && isCi && process.platform === 'linux') {
  throw new Error('The watcher helper is not built; CI must run `npm run build:native` first.');
}

export const backendCases: BackendCase[] = [
  {
    name: 'inotify',
    isAvailable: helperPath !== undefined,
    create: () =>
      new InotifyBackend({ logger: createMemoryLogger(), helperPath: helperPath ?? 'missing' }),
    movedInReason: 'moved-in',
    waitsForClose: true,
  },
  {
    name: 'chokidar',
    isAvailable: true,
    create: () => new ChokidarBackend({ logger: createMemoryLogger(), settleMs: testSettleMs }),
    movedInReason: 'settled',
    waitsForClose: false,
  },
];

/** A report, with the file's size at the moment it was reported. */
export interface RecordedWrite extends FinishedWrite {
  sizeAtReportBytes: number | undefined;
  reportedAtMs: number;
}

/** Collects everything a backend reports. */
export interface Recorder {
  writes: RecordedWrite[];
  failures: WatchFailure[];
  /** The reports for `path`. */
  writesOf(path: string): RecordedWrite[];
}

export function record(backend: WatchBackend): Recorder {
  const writes: RecordedWrite[] = [];
  const failures: WatchFailure[] = [];

  backend.onDidFinishWrite((write) => {
    writes.push({ ...write, sizeAtReportBytes: sizeOf(write.path), reportedAtMs: Date.now() });
  });
  backend.onDidFail((failure) => failures.push(failure));

  return { writes, failures, writesOf: (path) => writes.filter((write) => write.path === path) };
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/** Writes `folderCount` folders of `filesPerFolder` small files under `directory`. */
export async function writeTree(
  directory: string,
  folderCount: number,
  filesPerFolder: number,
): Promise<string[]> {
  const relativePaths: string[] = [];

  for (let folder = 0; folder < folderCount; folder++) {
    const folderPath = join(directory, `folder-${folder}`);
    await mkdir(folderPath, { recursive: true });

    for (let file = 0; file < filesPerFolder; file++) {
      const name = `file-${file}.bak`;
      await writeFile(join(folderPath, name), `content of ${folder}/${file}\n`.repeat(50 + file));
      relativePaths.push(join(`folder-${folder}`, name));
    }
  }
  return relativePaths;
}
