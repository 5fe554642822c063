import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import type { FolderClassification } from '../../../src-main/engine/classify/folders/classify-folder.ts';
import { classifyFolder } from '../../../src-main/engine/classify/folders/classify-folder.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import * as layouts from './support/layout-folders.ts';
import {
  makeRepositories,
  repositoryTools,
  writeBackupSource,
} from './support/repository-fixtures.ts';

/** A folder and the fields its classification must have. */
interface FolderCase {
  folder: string;
  expected: Partial<FolderClassification>;
}

const mustDetect: FolderCase[] = [
  // Real repositories made by the tools
  { folder: 'restic-repo', expected: layout('restic-repository', 'system-image', true) },
  { folder: 'borg-repokey', expected: layout('borg-repository', 'system-image', true) },
  { folder: 'borg-plain', expected: layout('borg-repository', 'system-image', false) },
  { folder: 'duplicity-plain', expected: layout('duplicity-backup', 'system-image', false) },
  { folder: 'duplicity-gpg', expected: layout('duplicity-backup', 'system-image', true) },

  // Layouts built from their documentation
  { folder: 'WindowsImageBackup', expected: layout('windows-image-backup', 'system-image', null) },
  {
    folder: 'WindowsImageBackup/PC-0042',
    expected: layout('windows-image-backup', 'system-image', null),
  },
  { folder: `xml/${layouts.iosDeviceId}`, expected: layout('ios-backup', 'device-backup', false) },
  {
    folder: `binary/${layouts.iosDeviceId}`,
    expected: layout('ios-backup', 'device-backup', true),
  },
  { folder: 'MacBook.backupbundle', expected: layout('time-machine', 'system-image', null) },
  { folder: 'Backups.backupdb', expected: layout('time-machine', 'system-image', null) },
  { folder: 'Data.sparsebundle', expected: layout('apple-sparsebundle', 'disk-image', null) },
  { folder: '2024-05-01-12-img', expected: layout('clonezilla-image', 'system-image', null) },
  { folder: 'kopia-repo', expected: layout('kopia-repository', 'system-image', true) },
  { folder: 'duplicati-aes', expected: layout('duplicati-backup', 'system-image', true) },
  { folder: 'duplicati-zip', expected: layout('duplicati-backup', 'system-image', false) },
];

const mustNotDetect = ['project', 'photos', 'src'];

describe.runIf(canRun({ tools: [...repositoryTools, 'sqlite3'] }))('classifyFolder', () => {
  let temp: TempDirectory;
  const pathOf = (folder: string): string => join(temp.path, folder);

  beforeAll(async () => {
    // Real repositories, and layouts built from their documentation
    temp = await createTempDirectory('copywarden-folder-');
    await writeBackupSource(pathOf('src'));
    makeRepositories(temp.path, pathOf('src'));
    await layouts.writeWindowsImageBackup(temp.path);
    await layouts.writeIosBackup(pathOf('xml'), { encrypted: false, binaryPlist: false });
    await layouts.writeIosBackup(pathOf('binary'), { encrypted: true, binaryPlist: true });
    await layouts.writeTimeMachineBundle(temp.path);
    await layouts.writeBackupsBackupdb(temp.path);
    await layouts.writeSparseBundle(pathOf('Data.sparsebundle'));
    await layouts.writeClonezillaImage(temp.path);
    await layouts.writeKopiaRepository(temp.path);
    await layouts.writeDuplicatiFolder(temp.path, true);
    await layouts.writeDuplicatiFolder(temp.path, false);
    await layouts.writeOrdinaryFolders(temp.path);
  }, 120_000);

  afterAll(async () => {
    await temp.dispose();
  });

  it.each(mustDetect)('recognises $folder as $expected.format', async ({ folder, expected }) => {
    // Act
    const result = await classifyFolder(pathOf(folder));

    // Assert
    expect(result.ok).toBe(true);
    expect(result.ok && result.classification).toMatchObject({ isBackup: true, ...expected });
  });

  it.each(mustNotDetect)('does not alarm on the folder %s', async (folder) => {
    // Act
    const result = await classifyFolder(pathOf(folder));

    // Assert
    expect(result.ok && result.classification).toMatchObject({
      isBackup: false,
      format: null,
      category: 'not-backup',
      reasons: ['no backup folder layout'],
    });
  });

  it('totals the size and the files of the whole folder', async () => {
    // Arrange: what find(1) counts
    const sizes = execFileSync('find', [pathOf('borg-repokey'), '-type', 'f', '-printf', '%s\\n'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map(Number);

    // Act
    const result = await classifyFolder(pathOf('borg-repokey'));

    // Assert
    expect(result.ok && result.classification).toMatchObject({
      sizeBytes: sizes.reduce((total, size) => total + size, 0),
      fileCount: sizes.length,
      walkComplete: true,
    });
  });

  it('stops the walk at the entry limit and says so', async () => {
    // Act
    const result = await classifyFolder(pathOf('restic-repo'), { maxEntries: 20 });

    // Assert: still recognised, with lower-bound totals
    expect(result.ok && result.classification).toMatchObject({
      isBackup: true,
      format: 'restic-repository',
      walkComplete: false,
    });
    expect(result.ok && result.classification.reasons).toContain('walk stopped after 20 entries');
  });

  it('recognises a restic repository by its data paths before its marker files exist', async () => {
    // Arrange: only data/<2 hex>/<64 hex> files, as early in a copy
    const hash = 'ab'.padEnd(64, '0');
    const folder = pathOf('partial-copy');
    await writeFile(join(await mkdirs(folder, 'data', 'ab'), hash), new Uint8Array(2048));

    // Act
    const result = await classifyFolder(folder);

    // Assert
    expect(result.ok && result.classification).toMatchObject({
      isBackup: true,
      format: 'restic-repository',
      confidence: 'medium',
    });
  });

  it.each([
    ['borg-repokey', true],
    ['borg-plain', false],
  ])(
    'classifies a segment of %s on its own, with the encryption its first object tells',
    async (repository, encrypted) => {
      // Arrange: the lowest-numbered segment, which starts with a stored object
      const segments = readdirSync(pathOf(`${repository}/data/0`)).sort(
        (left, right) => Number(left) - Number(right),
      );

      // Act
      const result = await classifyFile(pathOf(`${repository}/data/0/${segments[0] ?? ''}`));

      // Assert
      expect(result.ok && result.classification).toMatchObject({
        format: 'borg-segment',
        isBackup: true,
        encrypted,
      });
    },
  );

  it('reports a missing path, a file and a link as failures, not exceptions', async () => {
    // Arrange
    await symlink(pathOf('restic-repo'), pathOf('link-to-repo'));

    // Act
    const missing = await classifyFolder(pathOf('gone'));
    const file = await classifyFolder(pathOf('src/notes.txt'));
    const link = await classifyFolder(pathOf('link-to-repo'));

    // Assert
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
    expect(file).toMatchObject({ ok: false, code: 'not-a-folder' });
    expect(link).toMatchObject({ ok: false, code: 'not-a-folder' });
  });
});

function layout(
  format: string,
  category: FolderClassification['category'],
  encrypted: boolean | null,
): Partial<FolderClassification> {
  return { format, category, encrypted, walkComplete: true };
}

async function mkdirs(...parts: string[]): Promise<string> {
  const path = join(...parts);
  await mkdir(path, { recursive: true });
  return path;
}
