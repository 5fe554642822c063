import { maxHeadBytes, maxTailBytes } from '../../../../src-main/engine/classify/file-sample.ts';
import type { FileSample } from '../../../../src-main/engine/classify/file-sample.ts';

/** A writable byte buffer for building fixtures field by field. */
export class ByteBuilder {
  readonly bytes: Uint8Array;
  readonly #view: DataView;

  constructor(sizeBytes: number) {
    this.bytes = new Uint8Array(sizeBytes);
    this.#view = new DataView(this.bytes.buffer);
  }

  ascii(offset: number, text: string): this {
    for (let index = 0; index < text.length; index++) {
      this.bytes[offset + index] = text.charCodeAt(index) & 0xff;
    }
    return this;
  }

  hex(offset: number, hex: string): this {
    const pairs = hex.split(' ').filter((pair) => pair.length > 0);
    pairs.forEach((pair, index) => {
      this.bytes[offset + index] = Number.parseInt(pair, 16);
    });
    return this;
  }

  uint8(offset: number, value: number): this {
    this.#view.setUint8(offset, value);
    return this;
  }

  uint16LE(offset: number, value: number): this {
    this.#view.setUint16(offset, value, true);
    return this;
  }

  uint32LE(offset: number, value: number): this {
    this.#view.setUint32(offset, value, true);
    return this;
  }

  uint32BE(offset: number, value: number): this {
    this.#view.setUint32(offset, value, false);
    return this;
  }

  uint64LE(offset: number, value: bigint): this {
    this.#view.setBigUint64(offset, value, true);
    return this;
  }
}

/** The sample `classifyFile` would read from a file named `path` holding `bytes`. */
export function sampleOf(path: string, bytes: Uint8Array): FileSample {
  return {
    path,
    sizeBytes: bytes.length,
    head: bytes.subarray(0, maxHeadBytes),
    tail: bytes.subarray(Math.max(0, bytes.length - maxTailBytes)),
  };
}

/** Bytes of a text, as UTF-8. */
export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
