import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';

const run = promisify(execFile);

/** Fixtures from more real tools: an ISO image by genisoimage, an RDB snapshot by redis-server. */
describe.runIf(canRun({ tools: ['genisoimage', 'redis-server'] }))(
  'classifyFile on real-tool outputs',
  () => {
    let folder: TempDirectory;
    beforeAll(async () => {
      folder = await createTempDirectory();
    });
    afterAll(() => folder.dispose());

    it('recognises an ISO 9660 image made by genisoimage, renamed', async () => {
      await mkdir(join(folder.path, 'disc'));
      await writeFile(join(folder.path, 'disc', 'readme.txt'), 'install media');
      const image = join(folder.path, 'photos.zip');
      await run('genisoimage', ['-quiet', '-o', image, join(folder.path, 'disc')]);

      const result = await classifyFile(image);

      expect(result.ok && result.classification).toMatchObject({
        isBackup: true,
        format: 'iso9660',
        category: 'disk-image',
      });
    });

    it('recognises a Redis RDB snapshot written by redis-server', async () => {
      const data = join(folder.path, 'redis');
      await mkdir(data);
      // A unix socket only (port 0 alone makes redis exit); a save point, so that it saves on exit
      const server = spawn('redis-server', [
        '--port',
        '0',
        '--unixsocket',
        join(data, 'redis.sock'),
        '--dir',
        data,
        '--dbfilename',
        'cache.rdb',
        '--save',
        '3600 1',
      ]);
      const exited = new Promise((resolve) => server.once('exit', resolve));
      await waitFor(() => existsSync(join(data, 'redis.sock')), 5_000, 'redis to listen');
      server.kill('SIGINT');
      await exited;
      await waitFor(
        async () => (await classifyFile(join(data, 'cache.rdb'))).ok,
        5_000,
        'the RDB file',
      );

      const result = await classifyFile(join(data, 'cache.rdb'));

      expect(result.ok && result.classification).toMatchObject({
        isBackup: true,
        format: 'redis-rdb',
        category: 'database-dump',
      });
    });
  },
);
