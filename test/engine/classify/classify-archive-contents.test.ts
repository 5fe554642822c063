import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import { randomBytes } from './support/archive-fixtures.ts';
import * as layouts from './support/layout-folders.ts';
import {
  makeRepositories,
  repositoryTools,
  writeBackupSource,
} from './support/repository-fixtures.ts';
import { run, writeTree } from './support/tool-fixtures.ts';

/** An archive and the fields its classification must have. */
interface ArchiveCase {
  file: string;
  expected: Partial<Classification>;
}

const mustDetect: ArchiveCase[] = [
  // Archives of real repositories
  { file: 'restic.tar', expected: holds('tar', 'system-image', 'restic-repository', true) },
  { file: 'restic.tgz', expected: holds('gzip', 'system-image', 'restic-repository', true) },
  { file: 'borg.zip', expected: holds('zip', 'system-image', 'borg-repository', false) },
  { file: 'duplicity.tar', expected: holds('tar', 'system-image', 'duplicity-backup', false) },

  // Archives of documented layouts
  { file: 'phone.zip', expected: holds('zip', 'device-backup', 'ios-backup', false) },
  { file: 'server.tar', expected: holds('tar', 'system-image', 'windows-image-backup', false) },

  // Document packages with members no document holds
  { file: 'smuggled.docx', expected: { format: 'ooxml', category: 'system-image' } },
  { file: 'padded.docx', expected: { format: 'ooxml', category: 'generic-archive' } },
];

describe.runIf(canRun({ tools: [...repositoryTools, 'tar', 'zip', 'sqlite3'] }))(
  'classifyFile looking inside archives',
  () => {
    let temp: TempDirectory;
    const pathOf = (file: string): string => join(temp.path, file);
    const sh = (command: string, args: string[]): void => {
      run(temp.path, command, args);
    };

    beforeAll(async () => {
      // Real repositories and documented layouts, archived under names that say nothing
      temp = await createTempDirectory('copywarden-archive-');
      await writeBackupSource(pathOf('src'));
      makeRepositories(temp.path, pathOf('src'));
      await layouts.writeIosBackup(pathOf('phone'), { encrypted: false, binaryPlist: true });
      await layouts.writeWindowsImageBackup(pathOf('server'));
      sh('tar', ['-cf', 'restic.tar', 'restic-repo']);
      sh('tar', ['-czf', 'restic.tgz', 'restic-repo']);
      sh('zip', ['-qr', 'borg.zip', 'borg-plain']);
      sh('tar', ['-cf', 'duplicity.tar', 'duplicity-plain']);
      sh('zip', ['-qr', 'phone.zip', 'phone']);
      sh('tar', ['-cf', 'server.tar', '-C', 'server', 'WindowsImageBackup']);

      // Documents with a smuggled disk image, and with a large part named .bak
      await writeTree(pathOf('docx'), {
        '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
        'word/document.xml': '<w:document/>',
        'word/media/image1.vbk': randomBytes(1024),
      });
      run(pathOf('docx'), 'zip', ['-qr', '../smuggled.docx', '[Content_Types].xml', 'word']);
      await writeTree(pathOf('padded'), {
        '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
        'word/embeddings/archive.bak': new Uint8Array(17 * 1024 * 1024),
      });
      run(pathOf('padded'), 'zip', ['-qr', '../padded.docx', '[Content_Types].xml', 'word']);
    }, 120_000);

    afterAll(async () => {
      await temp.dispose();
    });

    it.each(mustDetect)('classifies $file by its members', async ({ file, expected }) => {
      // Act
      const result = await classifyFile(pathOf(file));

      // Assert
      expect(result.ok && result.classification).toMatchObject({ isBackup: true, ...expected });
    });

    it('leaves the members alone when asked to', async () => {
      // Act
      const result = await classifyFile(pathOf('restic.tar'), { lookInsideArchives: false });

      // Assert
      expect(result.ok && result.classification).toMatchObject({ format: 'tar', isBackup: false });
    });

    it('stops a tar walk at the read budget and says so', async () => {
      // Arrange: members larger than the head sample, so that every header costs a read
      const folder = pathOf('many');
      await mkdir(folder);
      for (let index = 0; index < 12; index++) {
        await writeFile(join(folder, `part-${index}.bin`), new Uint8Array(200 * 1024));
      }
      await writeFile(join(folder, 'zz-last.vbk'), 'x');
      sh('tar', ['--sort=name', '-cf', 'many.tar', 'many']);

      // Act
      const limited = await classifyFile(pathOf('many.tar'), { archiveLimits: { maxReads: 4 } });
      const unlimited = await classifyFile(pathOf('many.tar'));

      // Assert: the budget hides the last member; the default budget reaches it
      expect(limited.ok && limited.classification).toMatchObject({ isBackup: false });
      expect(limited.ok && limited.classification.reasons).toContain('stopped at the read budget');
      expect(unlimited.ok && unlimited.classification).toMatchObject({ isBackup: true });
    });

    it('lists the first part of a central directory larger than its bound', async () => {
      // Arrange: a restic repository copy whose directory exceeds a 2 KiB bound
      await cp(pathOf('restic-repo'), pathOf('copy/restic-repo'), { recursive: true });
      run(pathOf('copy'), 'zip', ['-qr', '../big-directory.zip', 'restic-repo']);

      // Act
      const result = await classifyFile(pathOf('big-directory.zip'), {
        archiveLimits: { maxCentralDirectoryBytes: 2048 },
      });

      // Assert
      expect(result.ok && result.classification.reasons).toEqual(
        expect.arrayContaining([expect.stringMatching(/^listed \d+ of \d+ entries$/)]),
      );
    });
  },
);

/** An archive holding a backup layout; `encrypted` is the archive's as reported. */
function holds(
  format: string,
  category: Classification['category'],
  layout: string,
  encrypted: boolean,
): Partial<Classification> {
  return {
    format,
    category,
    encrypted,
    reasons: expect.arrayContaining([expect.stringContaining(`a ${layout} at`)]) as string[],
  };
}
