import type { FileSample } from './file-sample.ts';

/**
 * Offset-checked access to a sample. Offsets are file offsets: a read is served from the head or
 * the tail when one of them holds every requested byte, and is null otherwise. Nothing here
 * throws, whatever the offsets read from untrusted content are.
 */
export interface SampleView {
  /** The size of the whole file. */
  readonly sizeBytes: number;
  /** How many bytes from offset 0 are available. */
  readonly headLength: number;
  /** How many bytes before the end of the file are available. */
  readonly tailLength: number;
  bytes(offset: number, length: number): Uint8Array | null;
  /** The bytes ending `distanceFromEnd` bytes before the end of the file. */
  bytesFromEnd(distanceFromEnd: number, length: number): Uint8Array | null;
  /** Whether `expected` (bytes, or a string of 8-bit characters) sits at `offset`. */
  matches(offset: number, expected: Uint8Array | string): boolean;
  /** The bytes at `offset` as 8-bit characters, or null when they are not available. */
  latin1(offset: number, length: number): string | null;
  uint8(offset: number): number | null;
  uint16LE(offset: number): number | null;
  uint16BE(offset: number): number | null;
  uint32LE(offset: number): number | null;
  uint32BE(offset: number): number | null;
  uint64LE(offset: number): bigint | null;
}

/** Builds a view over `sample`, trimming a head or tail that claims more bytes than the file. */
export function createSampleView(sample: FileSample): SampleView {
  // Trust no field of the sample
  const sizeBytes = isCount(sample.sizeBytes) ? sample.sizeBytes : 0;
  const head = sample.head.subarray(0, Math.min(sample.head.length, sizeBytes));
  const tail = sample.tail.subarray(Math.max(0, sample.tail.length - sizeBytes));
  const tailStart = sizeBytes - tail.length;

  function bytes(offset: number, length: number): Uint8Array | null {
    if (!isCount(offset) || !isCount(length) || offset + length > sizeBytes) {
      return null;
    }
    if (offset + length <= head.length) {
      return head.subarray(offset, offset + length);
    }
    if (offset >= tailStart) {
      return tail.subarray(offset - tailStart, offset - tailStart + length);
    }
    return null;
  }

  function dataView(offset: number, length: number): DataView | null {
    const found = bytes(offset, length);
    return found === null ? null : new DataView(found.buffer, found.byteOffset, found.byteLength);
  }

  return {
    sizeBytes,
    headLength: head.length,
    tailLength: head.length === sizeBytes ? sizeBytes : tail.length,
    bytes,
    bytesFromEnd: (distanceFromEnd, length) => bytes(sizeBytes - distanceFromEnd, length),
    matches: (offset, expected) => {
      const found = bytes(offset, expected.length);
      return found !== null && equalBytes(found, expected);
    },
    latin1: (offset, length) => {
      const found = bytes(offset, length);
      return found === null ? null : toLatin1(found);
    },
    uint8: (offset) => bytes(offset, 1)?.[0] ?? null,
    uint16LE: (offset) => dataView(offset, 2)?.getUint16(0, true) ?? null,
    uint16BE: (offset) => dataView(offset, 2)?.getUint16(0, false) ?? null,
    uint32LE: (offset) => dataView(offset, 4)?.getUint32(0, true) ?? null,
    uint32BE: (offset) => dataView(offset, 4)?.getUint32(0, false) ?? null,
    uint64LE: (offset) => dataView(offset, 8)?.getBigUint64(0, true) ?? null,
  };
}

/** Whether `value` can be used as a byte offset or length. */
function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function equalBytes(found: Uint8Array, expected: Uint8Array | string): boolean {
  for (let index = 0; index < found.length; index++) {
    const want = typeof expected === 'string' ? expected.charCodeAt(index) : expected[index];
    if (found[index] !== want) {
      return false;
    }
  }
  return true;
}

/** Decodes bytes one character per byte, without spreading a large array into arguments. */
function toLatin1(found: Uint8Array): string {
  let text = '';
  for (const byte of found) {
    text += String.fromCharCode(byte);
  }
  return text;
}
