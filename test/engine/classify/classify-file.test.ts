import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { classifyFile } from '../../../src-main/engine/classify/classify-file.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import { makeArchivesOfBackups, makeOrdinaryArchives } from './support/archive-fixtures.ts';
import { jpegFile, mtfTape, pngFile } from './support/layout-fixtures.ts';
import {
  fixtureTools,
  makeArchives,
  makeSqliteDatabases,
  makeVirtualDisks,
  makeZipDocuments,
} from './support/tool-fixtures.ts';

/** A fixture file and the fields its classification must have. */
interface FileCase {
  file: string;
  expected: Partial<Classification>;
}

const mustDetect: FileCase[] = [
  // Virtual disks from qemu-img
  { file: 'dynamic.vhd', expected: disk('vhd', 'high') },
  { file: 'fixed.vhd', expected: disk('vhd', 'high') },
  { file: 'disk.vhdx', expected: disk('vhdx', 'high') },
  { file: 'sparse.vmdk', expected: disk('vmdk', 'high') },
  { file: 'flat.vmdk', expected: disk('vmdk-descriptor', 'high') },
  { file: 'flat-flat.vmdk', expected: disk('vmdk', 'low') },
  { file: 'plain.qcow2', expected: { ...disk('qcow2', 'high'), encrypted: false } },
  { file: 'luks.qcow2', expected: { ...disk('qcow2', 'high'), encrypted: true } },
  { file: 'disk.vdi', expected: disk('vdi', 'high') },

  // Renamed copies: content wins over the name
  { file: 'holiday.jpg', expected: disk('vhdx', 'high') },
  { file: 'notes.txt', expected: { ...disk('qcow2', 'high'), encrypted: true } },
  { file: 'report.dat', expected: { format: 'mtf', category: 'system-image' } },

  // Containers named as backups
  { file: 'home-backup.tar', expected: archive('tar', false) },
  { file: 'data.gz', expected: archive('gzip', false) },
  { file: 'home-backup.tar.bz2', expected: archive('bzip2', false) },
  { file: 'db-backup.xz', expected: archive('xz', false) },
  { file: 'snapshot.tar.zst', expected: archive('zstd', false) },
  { file: 'full-2024.lz4', expected: archive('lz4', false) },
  { file: 'backup.7z', expected: archive('7z', null) },
  { file: 'backup-hidden.7z', expected: archive('7z', true) },
  { file: 'backup-locked.7z', expected: archive('7z', true) },
  { file: 'backup.zip', expected: archive('zip', false) },
  { file: 'backup-secret.zip', expected: archive('zip', true) },

  // Databases
  { file: 'crm-backup-2024.db', expected: { format: 'sqlite', category: 'database-dump' } },

  // Archives whose names say nothing, by their members
  { file: 'sqlserver-export.zip', expected: inside('zip', 'generic-archive', 'db/full.bak') },
  { file: 'appliance.tar', expected: inside('tar', 'disk-image', 'vm/disk.vhdx') },
  { file: 'domain-controller.tar', expected: inside('tar', 'credential-store', 'ntds.dit') },
  { file: 'orders.gz', expected: { format: 'gzip', category: 'database-dump' } },
  { file: 'gnu-long.tar', expected: inside('tar', 'system-image', 'nightly/job.vbk') },
  { file: 'pax-long.tar', expected: inside('tar', 'system-image', 'nightly/job.vbk') },
  { file: 'ustar-prefix.tar', expected: inside('tar', 'system-image', 'nightly/job.vbk') },
  { file: 'forced-zip64.zip', expected: { format: 'zip', encrypted: false } },
  { file: 'installer.exe', expected: inside('zip', 'generic-archive', 'db/full.bak') },
];

const mustNotDetect: FileCase[] = [
  { file: 'photos.zip', expected: { format: 'zip', encrypted: false } },
  { file: 'photos.tar.gz', expected: { format: 'gzip' } },
  { file: 'backup-plan.docx', expected: { format: 'ooxml' } },
  { file: 'budget.xlsx', expected: { format: 'ooxml' } },
  { file: 'app.jar', expected: { format: 'jar' } },
  { file: 'book.epub', expected: { format: 'epub' } },
  { file: 'places.sqlite', expected: { format: 'sqlite' } },
  { file: 'photo.jpg', expected: { format: null } },
  { file: 'icon.png', expected: { format: null } },
  { file: 'notes.txt.bak', expected: { format: null } },
  { file: 'letter.txt', expected: { format: null } },
  { file: 'empty', expected: { format: null, reasons: ['empty file'] } },

  // Archives whose members only look like backups
  { file: 'report.docx', expected: { format: 'ooxml' } },
  { file: 'service.jar', expected: { format: 'jar' } },
  { file: 'project-src.tar', expected: { format: 'tar' } },
  { file: 'project-src.tar.gz', expected: { format: 'gzip' } },
];

describe.runIf(canRun({ tools: fixtureTools }))('classifyFile with real tools', () => {
  let temp: TempDirectory;
  const pathOf = (file: string): string => join(temp.path, file);

  beforeAll(async () => {
    // Real files from real tools
    temp = await createTempDirectory('copywarden-classify-');
    makeVirtualDisks(temp.path);
    await makeArchives(temp.path);
    await makeZipDocuments(temp.path);
    makeSqliteDatabases(temp.path);
    await makeArchivesOfBackups(temp.path);
    await makeOrdinaryArchives(temp.path);

    // Renamed copies and files built from bytes
    await copyFile(pathOf('disk.vhdx'), pathOf('holiday.jpg'));
    await copyFile(pathOf('luks.qcow2'), pathOf('notes.txt'));
    await writeFile(pathOf('report.dat'), mtfTape({ softwareName: 'NTBackup' }));
    await writeFile(pathOf('photo.jpg'), jpegFile());
    await writeFile(pathOf('icon.png'), pngFile());
    await writeFile(pathOf('notes.txt.bak'), 'remember: the backup drive is in the drawer\n');
    await writeFile(pathOf('letter.txt'), 'Dear Sam,\nthe dump truck arrives Monday.\n');
    await writeFile(pathOf('empty'), '');
  });

  afterAll(async () => {
    await temp.dispose();
  });

  describe('must detect', () => {
    it.each(mustDetect)('classifies $file as $expected.format', async ({ file, expected }) => {
      // Act
      const result = await classifyFile(pathOf(file));

      // Assert
      expect(result.ok).toBe(true);
      expect(result.ok && result.classification).toMatchObject({ isBackup: true, ...expected });
    });
  });

  describe('must not detect', () => {
    it.each(mustNotDetect)('does not alarm on $file', async ({ file, expected }) => {
      // Act
      const result = await classifyFile(pathOf(file));

      // Assert
      expect(result.ok).toBe(true);
      expect(result.ok && result.classification).toMatchObject({
        isBackup: false,
        category: 'not-backup',
        ...expected,
      });
    });
  });

  it('finds the fixed VHD footer with a small head read', async () => {
    // Act
    const result = await classifyFile(pathOf('fixed.vhd'), { maxHeadBytes: 512 });

    // Assert
    expect(result.ok && result.classification.format).toBe('vhd');
  });
});

function disk(format: string, confidence: Classification['confidence']): Partial<Classification> {
  return { format, category: 'disk-image', confidence };
}

/** An archive made a backup by a member whose path ends with `member`. */
function inside(
  format: string,
  category: Classification['category'],
  member: string,
): Partial<Classification> {
  return {
    format,
    category,
    reasons: expect.arrayContaining([
      expect.stringMatching(new RegExp(`^contains ".*${member}"$`)),
    ]) as string[],
  };
}

function archive(format: string, encrypted: boolean | null): Partial<Classification> {
  return { format, category: 'generic-archive', confidence: 'high', encrypted };
}
