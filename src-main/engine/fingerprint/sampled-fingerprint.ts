import { createHash } from 'node:crypto';
import type { OpenRegularFile, ReadFailure } from '../classify/read-file-sample.ts';
import { withRegularFile } from '../classify/read-file-sample.ts';

/**
 * The size of each sampled block. Three blocks (head, middle, tail) are read, so a file costs at
 * most 48 KiB of reads whatever its size. A copy that differs inside a sampled block, or in size,
 * gets another fingerprint; one that differs elsewhere matches until the full SHA-256 is compared.
 */
export const fingerprintBlockBytes = 16 * 1024;

/** How many blocks are sampled from a large file. */
export const fingerprintBlockCount = 3;

/**
 * Files smaller than this are not fingerprinted: small files (lock files, empty files, a
 * repository's `config`) are alike across unrelated places, and a match would say little.
 */
export const minFingerprintBytes = 1024;

/** Hashed first, so that a change of scheme can never match a fingerprint of the old one. */
const schemeTag = 'copywarden-sampled-fingerprint-v1';

/** A file's sampled fingerprint and what computing it read. */
export interface SampledFingerprint {
  /** Hex SHA-256 over the scheme tag, the size and the sampled blocks. */
  fingerprint: string;
  sizeBytes: number;
  bytesRead: number;
}

/**
 * The offsets of the blocks to sample: the whole file in one read when it is at most three
 * blocks, else a block at the head, one centred in the middle and one ending at the tail.
 */
export function sampleRanges(sizeBytes: number): { offset: number; length: number }[] {
  const blockBytes = fingerprintBlockBytes;
  if (sizeBytes <= blockBytes * fingerprintBlockCount) {
    return [{ offset: 0, length: sizeBytes }];
  }
  const middle = Math.floor((sizeBytes - blockBytes) / 2);
  return [0, middle, sizeBytes - blockBytes].map((offset) => ({ offset, length: blockBytes }));
}

/** The sampled fingerprint of an open file. */
export async function fingerprintOpenFile(file: OpenRegularFile): Promise<SampledFingerprint> {
  // The scheme and the size, then each block
  const hash = createHash('sha256').update(`${schemeTag}\0${file.sizeBytes}\0`);
  let bytesRead = 0;
  for (const range of sampleRanges(file.sizeBytes)) {
    const block = await file.readAt(range.offset, range.length);
    bytesRead += block.length;
    hash.update(block);
  }

  return { fingerprint: hash.digest('hex'), sizeBytes: file.sizeBytes, bytesRead };
}

/** The sampled fingerprint of the regular file at `path`, or why it could not be read. */
export function fingerprintFile(path: string): Promise<SampledFingerprint | ReadFailure> {
  return withRegularFile(path, fingerprintOpenFile);
}
