import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import { classifyFolder } from '../../../src-main/engine/classify/folders/classify-folder.ts';
import { canRun, isCi } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import type { PostgresServer } from './support/postgres-server.ts';
import { findPostgresBinDirectory, startPostgres } from './support/postgres-server.ts';
import { run } from './support/tool-fixtures.ts';

const binDirectory = findPostgresBinDirectory();
if (binDirectory === null && isCi) {
  throw new Error(
    'This test needs a PostgreSQL server (apt package postgresql), which CI must provide.',
  );
}

/** Dumps made by a real pg_dump, and what each must classify as. */
const dumps: { file: string; expected: Partial<Classification> }[] = [
  { file: 'shop.dump', expected: { format: 'pgdump', confidence: 'high', encrypted: false } },
  { file: 'shop.tar', expected: { format: 'pgdump', confidence: 'high' } },
  { file: 'shop-dir/toc.dat', expected: { format: 'pgdump', confidence: 'high' } },
  { file: 'shop.sql', expected: { format: 'pg-sql-dump', confidence: 'medium' } },
  { file: 'vacation.jpg', expected: { format: 'pgdump', confidence: 'high' } },
];

describe.runIf(binDirectory !== null && canRun({ tools: ['runuser', 'id'] }))(
  'classifyFile on pg_dump output',
  () => {
    let temp: TempDirectory;
    let server: PostgresServer | undefined;

    beforeAll(async () => {
      // A throwaway server, dumped in every format
      temp = await createTempDirectory('copywarden-pg-');
      server = await startPostgres(binDirectory ?? '', temp.path);
      const out = (file: string): string => join(temp.path, file);
      server.dump(['-Fc', '-f', out('shop.dump')]);
      server.dump(['-Ft', '-f', out('shop.tar')]);
      server.dump(['-Fd', '-f', out('shop-dir')]);
      server.dump(['-Fp', '-f', out('shop.sql')]);
      await copyFile(out('shop.dump'), out('vacation.jpg'));
    });

    afterAll(async () => {
      server?.stop();
      await temp.dispose();
    });

    it.each(dumps)('classifies $file as $expected.format', async ({ file, expected }) => {
      // Act
      const result = await classifyFile(join(temp.path, file));

      // Assert
      expect(result.ok && result.classification).toMatchObject({
        isBackup: true,
        category: 'database-dump',
        ...expected,
      });
    });

    it('classifies the directory-format dump as one folder, and a tar of that folder', async () => {
      // Arrange
      run(temp.path, 'tar', ['-cf', 'exports.tar', 'shop-dir']);

      // Act
      const folder = await classifyFolder(join(temp.path, 'shop-dir'));
      const archive = await classifyFile(join(temp.path, 'exports.tar'));

      // Assert
      expect(folder.ok && folder.classification).toMatchObject({
        isBackup: true,
        format: 'pgdump-directory',
        category: 'database-dump',
      });
      expect(archive.ok && archive.classification).toMatchObject({
        isBackup: true,
        format: 'tar',
        category: 'database-dump',
      });
    });
  },
);
