import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';

describe('classifyFile', () => {
  let temp: TempDirectory;

  beforeAll(async () => {
    temp = await createTempDirectory('copywarden-classify-edge-');
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('reports a missing path as not-found', async () => {
    // Act
    const result = await classifyFile(join(temp.path, 'gone.vhdx'));

    // Assert
    expect(result).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('reports a path under a file as not-found', async () => {
    // Arrange
    await writeFile(join(temp.path, 'plain'), 'x');

    // Act
    const result = await classifyFile(join(temp.path, 'plain', 'child'));

    // Assert
    expect(result).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('reports a directory as not-regular-file', async () => {
    // Arrange
    const directory = join(temp.path, 'backup.vbk');
    await mkdir(directory);

    // Act
    const result = await classifyFile(directory);

    // Assert
    expect(result).toMatchObject({ ok: false, code: 'not-regular-file', path: directory });
  });

  it.runIf(canRun({ tools: ['mkfifo'] }))(
    'reports a FIFO as not-regular-file without blocking',
    async () => {
      // Arrange
      const fifo = join(temp.path, 'pipe.vhd');
      execFileSync('mkfifo', [fifo]);

      // Act
      const result = await classifyFile(fifo);

      // Assert
      expect(result).toMatchObject({ ok: false, code: 'not-regular-file' });
    },
  );

  it('classifies a zero-length file as an empty non-backup, whatever its name', async () => {
    // Arrange
    const path = join(temp.path, 'empty.qcow2');
    await writeFile(path, '');

    // Act
    const result = await classifyFile(path);

    // Assert
    expect(result).toMatchObject({
      ok: true,
      classification: { sizeBytes: 0, isBackup: false, format: null, reasons: ['empty file'] },
    });
  });

  it('classifies a one-byte file without throwing', async () => {
    // Arrange
    const path = join(temp.path, 'one');
    await writeFile(path, 'P');

    // Act
    const result = await classifyFile(path);

    // Assert
    expect(result).toMatchObject({ ok: true, classification: { isBackup: false, format: null } });
  });

  it('reports a symbolic link loop as unreadable', async () => {
    // Arrange: root ignores permissions, so a link loop stands in for a file that cannot be opened
    const loop = join(temp.path, 'loop');
    execFileSync('ln', ['-s', loop, loop]);

    // Act
    const result = await classifyFile(loop);

    // Assert
    expect(result).toMatchObject({ ok: false, code: 'unreadable' });
  });
});
