import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Authenticated encryption of a stream of any length in fixed-size chunks, each sealed with
 * AES-256-GCM under its own nonce: a 7-byte random prefix, a 4-byte chunk counter and a final
 * flag byte (the STREAM construction). A chunk cannot be reordered, dropped, or the stream cut
 * short without decryption failing, and no single GCM invocation comes near its 64 GiB limit.
 */

/** Plaintext bytes per chunk. */
export const chunkBytes = 1024 * 1024;

const tagBytes = 16;
const noncePrefixBytes = 7;
/** 2^32 chunks of 1 MiB: 4 PiB, far beyond any file. */
const maxChunks = 0xffffffff;

/** The secret and the public parameters one sealed stream needs. */
export interface StreamKey {
  /** 32 bytes, random per stream. */
  key: Buffer;
  /** 7 random bytes. */
  noncePrefix: Buffer;
  /** Additional data bound to every chunk (for example the quarantine entry id). */
  associatedData: Buffer;
}

/** A fresh random key and nonce prefix. */
export function createStreamKey(associatedData: Buffer): StreamKey {
  return { key: randomBytes(32), noncePrefix: randomBytes(noncePrefixBytes), associatedData };
}

/** A transform that encrypts what flows through it. */
export function createEncryptStream(streamKey: StreamKey): Transform {
  let pending = Buffer.alloc(0);
  let counter = 0;

  const seal = (plaintext: Buffer, final: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', streamKey.key, nonce(streamKey, counter++, final));
    cipher.setAAD(streamKey.associatedData);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      // Hold back one full chunk: only the end of the input tells which chunk is the last
      pending = Buffer.concat([pending, chunk]);
      while (pending.length > chunkBytes) {
        this.push(seal(pending.subarray(0, chunkBytes), false));
        pending = pending.subarray(chunkBytes);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      callback(null, seal(pending, true));
    },
  });
}

/** A transform that decrypts and authenticates; it fails on any change to the sealed stream. */
export function createDecryptStream(streamKey: StreamKey): Transform {
  const sealedChunkBytes = chunkBytes + tagBytes;
  let pending = Buffer.alloc(0);
  let counter = 0;

  const open = (sealed: Buffer, final: boolean): Buffer => {
    if (sealed.length < tagBytes) {
      throw new Error('the sealed stream is truncated');
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      streamKey.key,
      nonce(streamKey, counter++, final),
    );
    decipher.setAAD(streamKey.associatedData);
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - tagBytes)),
      decipher.final(),
    ]);
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending = Buffer.concat([pending, chunk]);
      try {
        while (pending.length > sealedChunkBytes) {
          this.push(open(pending.subarray(0, sealedChunkBytes), false));
          pending = pending.subarray(sealedChunkBytes);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, open(pending, true));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

function nonce(streamKey: StreamKey, counter: number, final: boolean): Buffer {
  if (counter > maxChunks) {
    throw new Error('the stream is too long to seal');
  }
  const value = Buffer.alloc(12);
  streamKey.noncePrefix.copy(value, 0, 0, noncePrefixBytes);
  value.writeUInt32BE(counter, noncePrefixBytes);
  value[11] = final ? 1 : 0;
  return value;
}
