import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { asRepositoryCopy } from '../../../src-main/engine/fingerprint/repository-copy.ts';
import type { RepositoryMatch } from '../../../src-main/engine/fingerprint/repository-lookup.ts';

const unrecognised: Classification = {
  path: '/media/usb/holiday.jpg',
  sizeBytes: 4096,
  isBackup: false,
  format: null,
  category: 'not-backup',
  confidence: null,
  encrypted: null,
  reasons: ['no known signature'],
};

function match(originalPath: string): RepositoryMatch {
  return {
    repositoryPath: '/srv/restic',
    repositoryName: 'Nightly restic',
    originalPath,
    relativePath: originalPath.slice('/srv/restic/'.length),
    sizeBytes: 4096,
    mtimeMs: 1,
    sha256: null,
  };
}

describe('asRepositoryCopy', () => {
  it('makes an unrecognised blob a backup that names its original', () => {
    // Act
    const classification = asRepositoryCopy(unrecognised, [match('/srv/restic/data/3f/3f00')]);

    // Assert
    expect(classification).toMatchObject({
      isBackup: true,
      format: 'repository-copy',
      category: 'system-image',
      confidence: 'high',
      encrypted: null,
    });
    expect(classification.reasons).toContain(
      'copy of "/srv/restic/data/3f/3f00" in repository Nightly restic',
    );
  });

  it('keeps the format and category the content gave, and counts many originals', () => {
    // Arrange
    const vhdx: Classification = {
      ...unrecognised,
      isBackup: true,
      format: 'vhdx',
      category: 'disk-image',
      confidence: 'high',
      reasons: ['"vhdxfile" at offset 0'],
    };
    const matches = ['a', 'b', 'c', 'd', 'e'].map((name) => match(`/srv/restic/${name}`));

    // Act
    const classification = asRepositoryCopy(vhdx, matches);

    // Assert
    expect(classification).toMatchObject({ format: 'vhdx', category: 'disk-image' });
    expect(classification.reasons).toContain('and 2 more identical repository files');
  });

  it('leaves the classification alone without matches', () => {
    expect(asRepositoryCopy(unrecognised, [])).toBe(unrecognised);
  });
});
