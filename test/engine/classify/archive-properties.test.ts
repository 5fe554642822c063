import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultArchiveLimits } from '../../../src-main/engine/classify/archive/archive-limits.ts';
import type { ArchiveLimits } from '../../../src-main/engine/classify/archive/archive-limits.ts';
import { createFileReader } from '../../../src-main/engine/classify/archive/archive-reader.ts';
import { findBackupEntries } from '../../../src-main/engine/classify/archive/entry-findings.ts';
import { gunzipHead } from '../../../src-main/engine/classify/archive/gzip-head.ts';
import { parseTarHeader } from '../../../src-main/engine/classify/archive/tar-header.ts';
import { listTar } from '../../../src-main/engine/classify/archive/tar-listing.ts';
import {
  findEndRecord,
  locateDirectory,
  parseCentralDirectory,
  parseZip64EndRecord,
} from '../../../src-main/engine/classify/archive/zip-directory.ts';
import { listZip } from '../../../src-main/engine/classify/archive/zip-listing.ts';
import { maxHeadBytes, maxTailBytes } from '../../../src-main/engine/classify/file-sample.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import { ByteBuilder } from './support/bytes.ts';
import { writeTree } from './support/tool-fixtures.ts';

/** Small limits, so that the properties reach them. */
const limits: ArchiveLimits = {
  ...defaultArchiveLimits,
  maxEntries: 50,
  maxReads: 8,
  maxReadBytes: 64 * 1024,
  readWindowBytes: 1024,
};

/** What a lister asked of the file, and whether any request left the file. */
interface ReadLog {
  reads: number;
  bytes: number;
  outOfBounds: number;
}

/**
 * Lists `bytes` as a file, through the real file reader over a head and tail sample. Every read
 * that reaches the "file" is checked against its bounds.
 */
async function listAs(kind: 'zip' | 'tar', bytes: Uint8Array, sampleBytes: number) {
  const log: ReadLog = { reads: 0, bytes: 0, outOfBounds: 0 };
  const sample = {
    path: 'a',
    sizeBytes: bytes.length,
    head: bytes.subarray(0, sampleBytes),
    tail: bytes.subarray(Math.max(0, bytes.length - sampleBytes)),
  };
  const reader = createFileReader(
    sample,
    (position, length) => {
      log.reads++;
      log.bytes += length;
      if (position < 0 || length < 0 || position + length > bytes.length) {
        log.outOfBounds++;
      }
      return Promise.resolve(bytes.slice(position, position + length));
    },
    limits,
  );
  const listing = kind === 'zip' ? await listZip(reader, limits) : await listTar(reader, limits);
  return { listing, log };
}

function expectWithinBounds(log: ReadLog, entryCount: number): void {
  expect(log.outOfBounds).toBe(0);
  expect(log.reads).toBeLessThanOrEqual(limits.maxReads);
  expect(log.bytes).toBeLessThanOrEqual(limits.maxReadBytes);
  expect(entryCount).toBeLessThanOrEqual(limits.maxEntries);
}

/** Truncates `bytes` and overwrites a few of them. */
const damage = fc.tuple(
  fc.nat(),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
);

function applyDamage(bytes: Uint8Array, [cut, changes]: [number, [number, number][]]): Uint8Array {
  const damaged = bytes.slice(0, cut % (bytes.length + 1));
  for (const [offset, value] of changes) {
    if (damaged.length > 0) {
      damaged[offset % damaged.length] = value;
    }
  }
  return damaged;
}

describe('zip directory parsers', () => {
  it('never throw on arbitrary bytes, and place directories inside the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(), (bytes, extraSize) => {
        // Act
        const sizeBytes = bytes.length + (extraSize % 1_000_000);
        const end = findEndRecord(bytes, sizeBytes);
        const zip64 = parseZip64EndRecord(bytes);
        const entries = parseCentralDirectory(bytes, 100);

        // Assert
        expect(entries.length).toBeLessThanOrEqual(100);
        for (const fields of [end, zip64]) {
          if (fields !== null) {
            for (const location of locateDirectory(fields, sizeBytes)) {
              expect(location.offset).toBeGreaterThanOrEqual(0);
              expect(location.offset + location.length).toBeLessThanOrEqual(sizeBytes);
            }
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keep crafted end records with any sizes and offsets inside the file', () => {
    const uint32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffff }),
        uint32,
        uint32,
        fc.nat({ max: 100_000 }),
        (count, size, offset, prefix) => {
          // Arrange: an end record at the end of `prefix` zero bytes
          const record = new ByteBuilder(22).uint32LE(0, 0x06054b50).uint16LE(10, count);
          record.uint32LE(12, size).uint32LE(16, offset);
          const bytes = new Uint8Array(prefix + 22);
          bytes.set(record.bytes, prefix);

          // Act
          const end = findEndRecord(bytes, bytes.length);

          // Assert
          expect(end).not.toBeNull();
          for (const location of end === null ? [] : locateDirectory(end, end.offset)) {
            expect(location.offset + location.length).toBeLessThanOrEqual(end?.offset ?? 0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseTarHeader', () => {
  it('never throws, and gives sizes that are safe whole numbers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 512, maxLength: 512 }), (block) => {
        // Act
        const header = parseTarHeader(block);

        // Assert
        if (header !== null && header !== 'end') {
          expect(Number.isSafeInteger(header.sizeBytes) && header.sizeBytes >= 0).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('listZip and listTar', () => {
  let temp: TempDirectory;
  const realArchives: Record<'zip' | 'tar', Uint8Array[]> = { zip: [], tar: [] };

  beforeAll(async () => {
    // Real archives to damage: small and larger than the sample, with long names
    temp = await createTempDirectory('copywarden-archive-prop-');
    const long = `${'deep-folder/'.repeat(12)}db/full.bak`;
    await writeTree(join(temp.path, 'content'), {
      'a.txt': 'hello\n',
      [long]: new Uint8Array(3000).fill(1),
      'big.bin': new Uint8Array(200 * 1024).map((_, index) => (index * 7919) % 251),
    });
    if (canRun({ tools: ['zip', 'tar'] })) {
      const make = (args: string[]): void => {
        execFileSync(args[0] ?? '', args.slice(1), { cwd: join(temp.path, 'content') });
      };
      make(['zip', '-qr', '../small.zip', 'a.txt', 'deep-folder']);
      make(['zip', '-qr', '-fz', '../large.zip', '.']);
      make(['tar', '--format=gnu', '-cf', '../gnu.tar', '.']);
      make(['tar', '--format=pax', '-cf', '../pax.tar', '.']);
      realArchives.zip.push(...['small.zip', 'large.zip'].map(read));
      realArchives.tar.push(...['gnu.tar', 'pax.tar'].map(read));
    }
  });

  afterAll(async () => {
    await temp.dispose();
  });

  function read(file: string): Uint8Array {
    return new Uint8Array(readFileSync(join(temp.path, file)));
  }

  it.each(['zip', 'tar'] as const)(
    '%s: arbitrary bytes never throw or read out of bounds',
    async (kind) => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 20_000 }),
          fc.constantFrom(0, 512, 4096),
          async (bytes, sampleBytes) => {
            // Act
            const { listing, log } = await listAs(kind, bytes, sampleBytes);

            // Assert
            expectWithinBounds(log, listing.entries.length);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.each(['zip', 'tar'] as const)(
    '%s: truncated and corrupted real archives never throw or read out of bounds',
    async (kind) => {
      const archives = realArchives[kind];
      if (archives.length === 0) {
        return;
      }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...archives),
          damage,
          fc.constantFrom(512, maxTailBytes, maxHeadBytes),
          async (archive, change, sampleBytes) => {
            // Act
            const { listing, log } = await listAs(kind, applyDamage(archive, change), sampleBytes);

            // Assert
            expectWithinBounds(log, listing.entries.length);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it.each(['zip', 'tar'] as const)(
    '%s: the undamaged real archives list completely',
    async (kind) => {
      for (const archive of realArchives[kind]) {
        // Act
        const { listing } = await listAs(kind, archive, maxHeadBytes);

        // Assert
        expect(listing.entries.map((entry) => entry.path)).toEqual(
          expect.arrayContaining([expect.stringMatching(/db\/full\.bak$/)]),
        );
      }
    },
  );
});

describe('gunzipHead', () => {
  it('never throws and never returns more than its bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.boolean(),
        async (bytes, gzipMagic) => {
          // Arrange: half the time behind a real gzip header
          const input = gzipMagic
            ? new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, ...bytes])
            : bytes;

          // Act
          const output = await gunzipHead(input, 1024);

          // Assert
          expect(output.length).toBeLessThanOrEqual(1024);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('findBackupEntries', () => {
  it('never throws on arbitrary member paths and sizes', () => {
    const entry = fc.record({
      path: fc.oneof(
        fc.string(),
        fc.constantFrom('data/ab/' + 'ab'.repeat(32), 'a/config', 'x/../README'),
      ),
      sizeBytes: fc.option(fc.nat()),
      isDirectory: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), fc.boolean(), (entries, inDocument) => {
        // Act
        const findings = findBackupEntries(entries, { inDocument, maxLayoutDepth: 4 });

        // Assert
        expect(findings.every((finding) => finding.reason.length > 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
