import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';

import { describe, expect, it } from 'vitest';

import {
  chunkBytes,
  createDecryptStream,
  createEncryptStream,
  createStreamKey,
  type StreamKey,
} from '../../../src-main/engine/actions/chunked-cipher.ts';

const sealedChunkBytes = chunkBytes + 16;

async function seal(plaintext: Buffer, streamKey: StreamKey): Promise<Buffer> {
  const encrypt = createEncryptStream(streamKey);
  const [, output] = await Promise.all([
    pipeline(Readable.from([plaintext]), encrypt),
    buffer(encrypt),
  ]);
  return output;
}

async function open(sealed: Buffer, streamKey: StreamKey): Promise<Buffer> {
  const decrypt = createDecryptStream(streamKey);
  const [, output] = await Promise.all([
    pipeline(Readable.from([sealed]), decrypt),
    buffer(decrypt),
  ]);
  return output;
}

describe('chunked cipher', () => {
  const streamKey = createStreamKey(Buffer.from('entry-1'));
  const plaintext = randomBytes(3 * chunkBytes + 1234);

  it('round-trips streams of every shape', async () => {
    for (const size of [0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3 * chunkBytes + 1234]) {
      const data = plaintext.subarray(0, size);

      const sealed = await seal(data, streamKey);

      expect(sealed.length).toBe(size + 16 * Math.max(1, Math.ceil(size / chunkBytes)));
      expect((await open(sealed, streamKey)).equals(data)).toBe(true);
    }
  });

  it('detects a stream cut at a chunk boundary', async () => {
    const sealed = await seal(plaintext, streamKey);

    await expect(open(sealed.subarray(0, 2 * sealedChunkBytes), streamKey)).rejects.toThrow();
  });

  it('detects reordered chunks', async () => {
    const sealed = await seal(plaintext, streamKey);
    const first = sealed.subarray(0, sealedChunkBytes);
    const second = sealed.subarray(sealedChunkBytes, 2 * sealedChunkBytes);

    const swapped = Buffer.concat([second, first, sealed.subarray(2 * sealedChunkBytes)]);

    await expect(open(swapped, streamKey)).rejects.toThrow();
  });

  it('binds the stream to its associated data', async () => {
    const sealed = await seal(plaintext, streamKey);

    const otherEntry = { ...streamKey, associatedData: Buffer.from('entry-2') };

    await expect(open(sealed, otherEntry)).rejects.toThrow();
  });
});
