import { execFile } from 'node:child_process';
import { mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { timestampSlackMs } from '../../../src-main/engine/watch/catch-up-window.ts';
import type { WatchBackend } from '../../../src-main/engine/watch/watch-backend.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../../support/volumes.ts';
import { backendCases, record, testSettleMs, writeTree, type Recorder } from './watch-fixtures.ts';

const run = promisify(execFile);

/** Where a test's files live: a folder on the machine's disk, or a real FAT volume. */
interface Place {
  name: string;
  canRun: () => boolean;
  /** Creates the place and returns its base folder and how to remove it. */
  setUp: () => Promise<{ base: string; dispose: () => Promise<void> }>;
}

const places: Place[] = [
  {
    name: 'a temporary folder',
    canRun: () => true,
    setUp: async () => {
      const directory = await createTempDirectory('copywarden-watch-');
      return { base: directory.path, dispose: () => directory.dispose() };
    },
  },
  {
    name: 'a FAT volume',
    canRun: () => canRun({ root: true, tools: volumeTools.fat }),
    setUp: async () => {
      const mountRoot = await createTempDirectory('copywarden-mounts-');
      const volume = await mountTestVolume({
        filesystem: 'fat',
        mountRoot: mountRoot.path,
        label: 'CWWATCH',
      });
      return {
        base: volume.mountPoint,
        dispose: async () => {
          await volume.dispose();
          await mountRoot.dispose();
        },
      };
    },
  },
];

/** Time for a report that should not come to have come anyway. */
const quietMs = testSettleMs + 700;

describe.each(backendCases.filter((backend) => backend.isAvailable))(
  '$name backend',
  (backendCase) => {
    describe.each(places.filter((place) => place.canRun()))('on $name', (place) => {
      let placeBase = '';
      let disposePlace: () => Promise<void> = () => Promise.resolve();
      let testIndex = 0;
      let backend: WatchBackend;
      let recorder: Recorder;
      let root = '';
      let outside = '';

      beforeAll(async () => {
        ({ base: placeBase, dispose: disposePlace } = await place.setUp());
      });

      afterAll(async () => {
        await disposePlace();
      });

      beforeEach(async () => {
        testIndex += 1;
        root = join(placeBase, `test-${testIndex}`, 'watched');
        outside = join(placeBase, `test-${testIndex}`, 'outside');
        await mkdir(root, { recursive: true });
        await mkdir(outside, { recursive: true });
        backend = backendCase.create();
        recorder = record(backend);
      });

      afterEach(async () => {
        await backend.dispose();
      });

      const itWaitsForClose = backendCase.waitsForClose ? it : it.fails;

      // The chokidar backend cannot tell a paused writer from a finished one (see WriteSettler)
      itWaitsForClose('reports a file written slowly once, after its last write', async () => {
        await backend.add(root, { sinceMs: Date.now() });
        const path = join(root, 'slow.vhdx');
        const chunk = Buffer.alloc(64 * 1024, 7);

        // Pauses longer than the settle time; the last one outlasts two settle periods
        const handle = await open(path, 'w');
        for (const pauseMs of [700, 700, 1_200]) {
          await handle.write(chunk);
          await delay(pauseMs);
        }
        const closedAtMs = Date.now();
        await handle.close();
        const finalSize = (await stat(path)).size;
        await waitFor(() => recorder.writesOf(path).length > 0, 5_000, 'the slow file');
        await delay(quietMs);

        const reports = recorder.writesOf(path);
        expect(reports.map((write) => write.sizeAtReportBytes)).toEqual([finalSize]);
        expect(reports.every((write) => write.reportedAtMs >= closedAtMs)).toBe(true);
        expect(finalSize).toBe(3 * chunk.length);
      });

      it('reports every file of a tree copied in with cp -r', async () => {
        const source = join(outside, 'tree');
        const relativePaths = await writeTree(source, 30, 10);
        await backend.add(root, { sinceMs: Date.now() });

        await run('cp', ['-r', source, join(root, 'tree')]);
        const expected = relativePaths.map((relative) => join(root, 'tree', relative)).sort();
        await waitFor(
          () => new Set(recorder.writes.map((write) => write.path)).size >= expected.length,
          20_000,
          'every copied file',
        ).catch(() => undefined);
        await delay(quietMs);

        const reported = recorder.writes.map((write) => write.path).sort();
        expect(reported).toEqual(expected);
      });

      it('reports files written while the root is being armed', async () => {
        const sinceMs = Date.now();
        const written: string[] = [];

        const writing = (async () => {
          for (let index = 0; index < 40; index++) {
            const folder = join(root, `during-${index % 4}`);
            await mkdir(folder, { recursive: true });
            const path = join(folder, `file-${index}.bak`);
            await writeFile(path, `file ${index}\n`.repeat(100));
            written.push(path);
            await delay(index % 5 === 0 ? 15 : 0);
          }
        })();
        await Promise.all([backend.add(root, { sinceMs }), writing]);
        await waitFor(
          () => written.every((path) => recorder.writesOf(path).length > 0),
          10_000,
          'every file written during arming',
        ).catch(() => undefined);

        const missed = written.filter((path) => recorder.writesOf(path).length === 0);
        expect(missed).toEqual([]);
        expect(written).toHaveLength(40);
      });

      it('reports a file renamed into the tree', async () => {
        const source = join(outside, 'export.bak');
        await writeFile(source, 'a finished backup\n'.repeat(100));
        await backend.add(root, { sinceMs: Date.now() + 60_000 });

        const target = join(root, 'export.bak');
        await rename(source, target);
        await waitFor(() => recorder.writesOf(target).length > 0, 5_000, 'the renamed file');

        expect(recorder.writesOf(target).map((write) => write.reason)).toEqual([
          backendCase.movedInReason,
        ]);
        expect(recorder.writesOf(target)[0]?.root).toBe(root);
      });

      it('does not report a file changed before sinceMs at arming', async () => {
        const old = join(root, 'old.bak');
        await writeFile(old, 'written before the volume counted as mounted\n');
        // The arming instant lies past the old file's change time and the timestamp slack
        const sinceMs = (await stat(old)).ctimeMs + timestampSlackMs + 1_000;

        await backend.add(root, { sinceMs });
        const marker = join(root, 'marker.bak');
        await writeFile(marker, 'written after arming\n');
        await waitFor(() => recorder.writesOf(marker).length > 0, 5_000, 'the marker file');
        await delay(quietMs);

        expect(recorder.writesOf(old)).toEqual([]);
        expect(recorder.writesOf(marker)).toHaveLength(1);
      });
    });

    describe('lifetime', () => {
      it('leaves no process, watch handle or report behind after dispose', async () => {
        const directory = await createTempDirectory();
        const watchHandlesBefore = countResources('FSEventWrap');
        const backend = backendCase.create();
        const recorder = record(backend);
        await backend.add(directory.path, { sinceMs: Date.now() });
        const pid = 'helperPid' in backend ? (backend.helperPid as number | undefined) : undefined;

        await backend.dispose();
        await writeFile(join(directory.path, 'after-dispose.bak'), 'late\n');
        await delay(quietMs);

        expect(recorder.writes).toEqual([]);
        expect(countResources('FSEventWrap')).toBe(watchHandlesBefore);
        if (backendCase.name === 'inotify') {
          expect(pid).toBeGreaterThan(0);
          expect(() => process.kill(pid ?? 0, 0)).toThrow();
        }
        await directory.dispose();
      });

      it.runIf(canRun({ root: true, tools: volumeTools.fat }))(
        'fails an unmounted root and keeps watching the others',
        async () => {
          const mountRoot = await createTempDirectory('copywarden-mounts-');
          const volume: TestVolume = await mountTestVolume({
            filesystem: 'fat',
            mountRoot: mountRoot.path,
            label: 'CWGONE',
          });
          const other: TempDirectory = await createTempDirectory();
          const backend = backendCase.create();
          const recorder = record(backend);
          await backend.add(volume.mountPoint, { sinceMs: Date.now() });
          await backend.add(other.path, { sinceMs: Date.now() });

          await volume.dispose();
          await waitFor(() => recorder.failures.length > 0, 10_000, 'the unmount failure');
          const survivor = join(other.path, 'still-watched.bak');
          await writeFile(survivor, 'still watched\n');
          await waitFor(() => recorder.writesOf(survivor).length > 0, 5_000, 'the survivor');

          expect(recorder.failures.map((failure) => failure.root)).toEqual([volume.mountPoint]);
          expect(recorder.writesOf(survivor)).toHaveLength(1);
          await backend.dispose();
          await other.dispose();
          await mountRoot.dispose();
        },
      );
    });
  },
);

/** How many live libuv resources of `type` this process holds. */
function countResources(type: string): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === type).length;
}
