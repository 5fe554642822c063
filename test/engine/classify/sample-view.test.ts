import { describe, expect, it } from 'vitest';
import { createSampleView } from '../../../src-main/engine/classify/sample-view.ts';

describe('createSampleView', () => {
  // A 100-byte file of which the first 10 and the last 10 bytes were read
  const head = Uint8Array.from({ length: 10 }, (_, index) => index);
  const tail = Uint8Array.from({ length: 10 }, (_, index) => 90 + index);
  const view = createSampleView({ path: 'f', sizeBytes: 100, head, tail });

  it('serves reads from the head and from the tail by file offset', () => {
    expect(view.bytes(2, 3)).toEqual(Uint8Array.of(2, 3, 4));
    expect(view.bytes(95, 5)).toEqual(Uint8Array.of(95, 96, 97, 98, 99));
    expect(view.bytesFromEnd(2, 2)).toEqual(Uint8Array.of(98, 99));
  });

  it('returns null for bytes that were not read or lie outside the file', () => {
    expect(view.bytes(8, 4)).toBeNull();
    expect(view.bytes(50, 1)).toBeNull();
    expect(view.bytes(99, 2)).toBeNull();
    expect(view.bytes(-1, 1)).toBeNull();
    expect(view.bytes(Number.NaN, 1)).toBeNull();
    expect(view.uint32LE(2 ** 60)).toBeNull();
  });

  it('ignores head and tail bytes beyond the claimed size', () => {
    // Arrange
    const small = createSampleView({ path: 'f', sizeBytes: 4, head, tail });

    // Act
    const inside = small.bytes(0, 4);
    const beyond = small.bytes(4, 1);

    // Assert
    expect(small.headLength).toBe(4);
    expect(inside).toEqual(Uint8Array.of(0, 1, 2, 3));
    expect(beyond).toBeNull();
  });
});
