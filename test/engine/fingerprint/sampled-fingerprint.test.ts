import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fingerprintBlockBytes,
  fingerprintFile,
  sampleRanges,
} from '../../../src-main/engine/fingerprint/sampled-fingerprint.ts';
import type { SampledFingerprint } from '../../../src-main/engine/fingerprint/sampled-fingerprint.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';

describe('sampleRanges', () => {
  it('reads a small file whole, in one range', () => {
    // Act
    const ranges = sampleRanges(3 * fingerprintBlockBytes);

    // Assert
    expect(ranges).toEqual([{ offset: 0, length: 3 * fingerprintBlockBytes }]);
  });

  it('reads three blocks of a large file, whatever its size', () => {
    for (const sizeBytes of [3 * fingerprintBlockBytes + 1, 10 ** 9, 100 * 2 ** 30]) {
      // Act
      const ranges = sampleRanges(sizeBytes);

      // Assert: head, middle and tail, inside the file
      expect(ranges).toHaveLength(3);
      expect(ranges[0]?.offset).toBe(0);
      expect(ranges[2]?.offset).toBe(sizeBytes - fingerprintBlockBytes);
      for (const range of ranges) {
        expect(range.length).toBe(fingerprintBlockBytes);
        expect(range.offset + range.length).toBeLessThanOrEqual(sizeBytes);
      }
    }
  });
});

describe('fingerprintFile', () => {
  let temp: TempDirectory;
  const original = randomBytes(1024 * 1024);
  const pathOf = (file: string): string => join(temp.path, file);

  beforeAll(async () => {
    temp = await createTempDirectory('copywarden-fingerprint-');
    await writeFile(pathOf('original.bin'), original);
  });

  afterAll(async () => {
    await temp.dispose();
  });

  async function fingerprintOf(file: string, bytes: Uint8Array): Promise<SampledFingerprint> {
    await writeFile(pathOf(file), bytes);
    const result = await fingerprintFile(pathOf(file));
    if ('ok' in result) {
      throw new Error(`fingerprinting ${file} failed: ${result.message}`);
    }
    return result;
  }

  it('gives a renamed copy the same fingerprint, reading three blocks', async () => {
    // Act
    const first = await fingerprintOf('original.bin', original);
    const renamed = await fingerprintOf('holiday.jpg', original);

    // Assert
    expect(renamed.fingerprint).toBe(first.fingerprint);
    expect(renamed.bytesRead).toBe(3 * fingerprintBlockBytes);
  });

  it.each([
    ['the head', 10],
    ['the middle', 512 * 1024],
    ['the tail', 1024 * 1024 - 10],
  ])('changes when one byte in %s changes', async (_where, offset) => {
    // Arrange
    const changed = Uint8Array.from(original);
    changed[offset] = (changed[offset] ?? 0) ^ 0xff;

    // Act
    const first = await fingerprintOf('original.bin', original);
    const modified = await fingerprintOf('modified.bin', changed);

    // Assert
    expect(modified.fingerprint).not.toBe(first.fingerprint);
  });

  it('changes when the size changes, even with the same sampled blocks', async () => {
    // Arrange: one byte more, inside the unsampled region
    const longer = new Uint8Array(original.length + 1);
    longer.set(original.subarray(0, 256 * 1024), 0);
    longer.set(original.subarray(256 * 1024), 256 * 1024 + 1);

    // Act
    const first = await fingerprintOf('original.bin', original);
    const grown = await fingerprintOf('longer.bin', longer);

    // Assert
    expect(grown.fingerprint).not.toBe(first.fingerprint);
  });

  it('does not see a change outside the sampled blocks (the full hash does)', async () => {
    // Arrange: a byte a quarter of the way in, between head and middle blocks
    const changed = Uint8Array.from(original);
    changed[256 * 1024] = (changed[256 * 1024] ?? 0) ^ 0xff;

    // Act
    const first = await fingerprintOf('original.bin', original);
    const modified = await fingerprintOf('unsampled-change.bin', changed);

    // Assert
    expect(modified.fingerprint).toBe(first.fingerprint);
  });

  it('reports a missing file as a failure value', async () => {
    // Act
    const result = await fingerprintFile(pathOf('gone.bin'));

    // Assert
    expect(result).toMatchObject({ ok: false, code: 'not-found' });
  });
});
