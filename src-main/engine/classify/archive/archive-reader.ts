import type { FileSample } from '../file-sample.ts';
import type { ArchiveLimits } from './archive-limits.ts';

/**
 * Random access to an archive for its parsers. Every request is checked: a range outside the file,
 * or one that would exceed the read budget, gives null instead of bytes, so a parser following
 * offsets read from untrusted content can neither throw nor read past its bounds.
 */
export interface ArchiveReader {
  /** The size of the whole archive. */
  readonly sizeBytes: number;
  /** Exactly `length` bytes at `offset`, or null. */
  read(offset: number, length: number): Promise<Uint8Array | null>;
}

/** What a reader has cost so far, beyond the bytes already in memory. */
export interface ReadCost {
  readonly reads: number;
  readonly bytesRead: number;
}

/** Reads up to `length` bytes at `position` from the file; fewer at its end. */
export type ReadAt = (position: number, length: number) => Promise<Uint8Array>;

type ReadBudget = Pick<ArchiveLimits, 'maxReads' | 'maxReadBytes' | 'readWindowBytes'>;

/** Whether `offset` and `length` name a range inside a file of `sizeBytes`. */
export function isInside(offset: number, length: number, sizeBytes: number): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) &&
    offset >= 0 &&
    length >= 0 &&
    offset + length <= sizeBytes
  );
}

/** A reader over bytes in memory, such as a decompressed head; nothing beyond them exists. */
export function createMemoryReader(bytes: Uint8Array): ArchiveReader {
  return {
    sizeBytes: bytes.length,
    read: (offset, length) =>
      Promise.resolve(
        isInside(offset, length, bytes.length) ? bytes.subarray(offset, offset + length) : null,
      ),
  };
}

/**
 * A reader over a file: ranges inside the head or tail sample come from memory; others cost a
 * read of at least `readWindowBytes`, kept until the next read, within the budget.
 */
export function createFileReader(
  sample: FileSample,
  readAt: ReadAt,
  budget: ReadBudget,
): ArchiveReader & ReadCost {
  // The sample's ranges, trusting only what fits the file
  const sizeBytes = sample.sizeBytes;
  const head = sample.head.subarray(0, Math.min(sample.head.length, sizeBytes));
  const tail = sample.tail.subarray(Math.max(0, sample.tail.length - sizeBytes));
  const tailStart = sizeBytes - tail.length;
  let window: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array(0) };
  let reads = 0;
  let bytesRead = 0;

  function fromMemory(offset: number, length: number): Uint8Array | null {
    if (offset + length <= head.length) {
      return head.subarray(offset, offset + length);
    }
    if (offset >= tailStart) {
      return tail.subarray(offset - tailStart, offset - tailStart + length);
    }
    const windowOffset = offset - window.start;
    if (windowOffset >= 0 && windowOffset + length <= window.bytes.length) {
      return window.bytes.subarray(windowOffset, windowOffset + length);
    }
    return null;
  }

  async function read(offset: number, length: number): Promise<Uint8Array | null> {
    // Check the range, then serve it from memory when possible
    if (!isInside(offset, length, sizeBytes)) {
      return null;
    }
    const inMemory = fromMemory(offset, length);
    if (inMemory !== null) {
      return inMemory;
    }

    // Read a window, within the budget
    const windowBytes = Math.min(Math.max(length, budget.readWindowBytes), sizeBytes - offset);
    if (reads >= budget.maxReads || bytesRead + windowBytes > budget.maxReadBytes) {
      return null;
    }
    reads++;
    bytesRead += windowBytes;
    window = { start: offset, bytes: await readAt(offset, windowBytes) };
    return window.bytes.length >= length ? window.bytes.subarray(0, length) : null;
  }

  return {
    sizeBytes,
    read,
    get reads() {
      return reads;
    },
    get bytesRead() {
      return bytesRead;
    },
  };
}
