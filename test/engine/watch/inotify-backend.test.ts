import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { createWatchBackend } from '../../../src-main/engine/watch/create-watch-backend.ts';
import { InotifyBackend } from '../../../src-main/engine/watch/inotify-backend.ts';
import { linuxWatchHelperPath } from '../../../src-main/engine/watch/linux-watch-helper.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';
import { record, type Recorder } from './watch-fixtures.ts';

const helperPath = linuxWatchHelperPath();

describe.runIf(helperPath !== undefined)('InotifyBackend', () => {
  let directory: TempDirectory;
  let logger: ReturnType<typeof createMemoryLogger>;
  let backend: InotifyBackend;
  let recorder: Recorder;

  beforeEach(async () => {
    directory = await createTempDirectory();
    logger = createMemoryLogger();
    backend = new InotifyBackend({ logger, helperPath: helperPath ?? 'missing' });
    recorder = record(backend);
  });

  afterEach(async () => {
    await backend.dispose();
    await directory.dispose();
  });

  it('restarts a killed helper and catches up on files written meanwhile', async () => {
    await backend.add(directory.path, { sinceMs: Date.now() });
    const firstPid = backend.helperPid ?? 0;

    process.kill(firstPid, 'SIGKILL');
    const duringRestart = join(directory.path, 'during-restart.bak');
    await writeFile(duringRestart, 'written while no helper ran\n');
    await waitFor(() => recorder.writesOf(duringRestart).length > 0, 5_000, 'the catch-up');
    const afterRestart = join(directory.path, 'after-restart.bak');
    await writeFile(afterRestart, 'written after the restart\n');
    await waitFor(() => recorder.writesOf(afterRestart).length > 0, 5_000, 'the new file');

    expect(backend.helperPid).not.toBe(firstPid);
    expect(recorder.writesOf(afterRestart).map((write) => write.reason)).toEqual(['close-write']);
    expect(logger.records.some((entry) => entry.message.includes('died'))).toBe(true);
  });

  it('reports paths holding newlines and tabs exactly', async () => {
    await backend.add(directory.path, { sinceMs: Date.now() });
    const folder = join(directory.path, 'odd\nfolder');
    await mkdir(folder);

    const path = join(folder, 'name\twith\nbreaks.bak');
    await writeFile(path, 'content\n');
    await waitFor(() => recorder.writesOf(path).length > 0, 5_000, 'the odd path');

    expect(recorder.writes.map((write) => write.path)).toEqual([path]);
  });

  it('reports a file once when both a listing and its close event see it', async () => {
    await backend.add(directory.path, { sinceMs: Date.now() });

    // A new folder is listed while its files may also send close events
    const folder = join(directory.path, 'burst');
    await mkdir(folder);
    const paths = Array.from({ length: 50 }, (_, index) => join(folder, `file-${index}.bak`));
    await Promise.all(paths.map((path) => writeFile(path, 'burst\n')));
    await waitFor(() => paths.every((path) => recorder.writesOf(path).length > 0), 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(recorder.writes).toHaveLength(paths.length);
  });

  it('refuses a root inside a watched root', async () => {
    const inner = join(directory.path, 'inner');
    await mkdir(inner);
    await backend.add(directory.path, { sinceMs: Date.now() });

    await backend.add(inner, { sinceMs: Date.now() });

    expect(recorder.failures.map((failure) => failure.root)).toEqual([inner]);
  });

  it('fails a root that does not exist and resolves add', async () => {
    const missing = join(directory.path, 'missing');

    await backend.add(missing, { sinceMs: Date.now() });

    expect(recorder.failures).toEqual([{ root: missing, message: expect.any(String) as string }]);
  });

  it('stops reporting a removed root', async () => {
    await backend.add(directory.path, { sinceMs: Date.now() });

    await backend.remove(directory.path);
    await writeFile(join(directory.path, 'after-remove.bak'), 'late\n');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(recorder.writes).toEqual([]);
  });
});

describe('createWatchBackend', () => {
  it('uses chokidar when asked to', async () => {
    const backend = createWatchBackend({ logger: createMemoryLogger(), prefer: 'chokidar' });

    expect(backend.name).toBe('chokidar');
    await backend.dispose();
  });

  it.runIf(process.platform === 'linux' && helperPath !== undefined)(
    'uses the inotify helper on Linux when it is built',
    async () => {
      const backend = createWatchBackend({ logger: createMemoryLogger() });

      expect(backend.name).toBe('inotify');
      await backend.dispose();
    },
  );
});
