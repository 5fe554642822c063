import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import { classifyFile, classifySample } from '../../../src-main/engine/classify/classify-file.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import { sampleOf } from './support/bytes.ts';
import * as layout from './support/layout-fixtures.ts';

const categories = [
  'system-image',
  'database-dump',
  'disk-image',
  'device-backup',
  'credential-store',
  'generic-archive',
  'not-backup',
];

/** Real headers to truncate and corrupt. */
const headers: Uint8Array[] = [
  layout.veeamBackup(),
  layout.acronisBackup(),
  layout.mtfTape({ softwareName: 'Microsoft SQL Server', unicode: true }),
  layout.ghostImage(true),
  layout.macriumXImage(true),
  layout.pstFile(2),
  layout.qcowHeader(2, 2),
  layout.fixedVhd(),
  layout.pgCustomDumpHeader(),
  layout.mysqlDumpText('\ufeff'),
  layout.androidBackup('none'),
  layout.magicFile(0, 'PK\u0003\u0004'),
  layout.magicFile(0, '37 7a bc af 27 1c 00 04'),
  layout.magicFile(0, '52 61 72 21 1a 07 01 00'),
  layout.magicFile(0, '1f 8b 08 0c'),
  layout.magicFile(0, '8c 0d 04 09'),
];

/** File names, including ones that say backup and backup-only extensions. */
const names = fc.constantFrom(
  'a',
  'backup.zip',
  'x.vbk',
  'SAM',
  'ntds.dit',
  'c:\\b\\dump.sql.gz',
  '',
);

/** Asserts the invariants every classification keeps, whatever the input. */
function expectWellFormed(classification: Classification, path: string): void {
  expect(classification.path).toBe(path);
  expect(Number.isSafeInteger(classification.sizeBytes)).toBe(true);
  expect(categories).toContain(classification.category);
  expect(classification.isBackup).toBe(classification.category !== 'not-backup');
  expect(classification.format === null).toBe(classification.confidence === null);
  expect([true, false, null]).toContain(classification.encrypted);
  expect(classification.reasons.length).toBeGreaterThan(0);
  expect(classification.reasons.every((reason) => typeof reason === 'string')).toBe(true);
}

describe('classifySample properties', () => {
  it('returns a well-formed classification for any file content', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8192 }), names, (bytes, name) => {
        expectWellFormed(classifySample(sampleOf(name, bytes)), name);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on inconsistent samples', () => {
    const sizes = fc.oneof(fc.integer(), fc.constantFrom(Number.NaN, Infinity, -1, 2 ** 60));
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), sizes, names, (head, tail, sizeBytes, path) => {
        expectWellFormed(classifySample({ path, sizeBytes, head, tail }), path);
      }),
      { numRuns: 2000 },
    );
  });

  it('handles truncated and corrupted real headers', () => {
    const corruption = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...headers),
        fc.nat(),
        corruption,
        names,
        (header, cut, changes, name) => {
          // Truncate, then overwrite a few bytes
          const bytes = header.slice(0, cut % (header.length + 1));
          for (const [offset, value] of changes) {
            if (bytes.length > 0) {
              bytes[offset % bytes.length] = value;
            }
          }

          expectWellFormed(classifySample(sampleOf(name, bytes)), name);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('handles offsets and sizes that point anywhere in 7z and zip headers', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (offset, size) => {
          // A 7z signature header whose next-header fields are arbitrary
          const bytes = layout.magicFile(0, '37 7a bc af 27 1c 00 04', 256);
          new DataView(bytes.buffer).setBigUint64(12, offset, true);
          new DataView(bytes.buffer).setBigUint64(20, size, true);

          expectWellFormed(classifySample(sampleOf('b.7z', bytes)), 'b.7z');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('classifyFile properties', () => {
  let temp: TempDirectory;

  beforeAll(async () => {
    temp = await createTempDirectory('copywarden-classify-prop-');
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('returns ok with a well-formed classification for any small file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        // Arrange
        const path = join(temp.path, 'random.bin');
        await writeFile(path, bytes);

        // Act
        const result = await classifyFile(path);

        // Assert
        expect(result.ok).toBe(true);
        if (result.ok) {
          expectWellFormed(result.classification, path);
          expect(result.classification.sizeBytes).toBe(bytes.length);
        }
      }),
      { numRuns: 100 },
    );
  });
});
