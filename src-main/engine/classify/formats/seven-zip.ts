import type { Detection, Detector } from '../detection.ts';
import { hexBytes } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/** 7z signature header: magic, version, start header CRC, then next header offset and size. */
const sevenZipMagic = hexBytes('37 7a bc af 27 1c');
const signatureHeaderBytes = 32;
const nextHeaderOffsetField = 12;
const nextHeaderSizeField = 20;

/** 7z property ids: a plain header, or a header packed by its own coders (7zFormat.txt). */
const plainHeaderId = 0x01;
const encodedHeaderId = 0x17;

/** The 7zAES coder id, which appears in a coder list when content is encrypted. */
const aesCoderId = hexBytes('06 f1 07 01');

/** 7-Zip: encrypted when the end header (found in the tail) lists the AES coder. */
export const detectSevenZip: Detector = ({ view }) => {
  if (!view.matches(0, sevenZipMagic)) {
    return null;
  }

  const detection: Detection = {
    format: '7z',
    category: 'generic-archive',
    rule: 'when-named',
    confidence: 'high',
    encrypted: null,
    reasons: ['7z signature at offset 0'],
  };
  const nextHeader = readNextHeader(view);
  if (nextHeader !== null) {
    describeNextHeader(nextHeader, detection);
  }
  return detection;
};

/** The end header, when the signature header places it wholly within the sample. */
function readNextHeader(view: SampleView): Uint8Array | null {
  const relativeOffset = view.uint64LE(nextHeaderOffsetField);
  const sizeBytes = view.uint64LE(nextHeaderSizeField);
  if (relativeOffset === null || sizeBytes === null) {
    return null;
  }

  // Offsets are 64-bit; anything beyond the file is not worth converting
  const start = BigInt(signatureHeaderBytes) + relativeOffset;
  if (start + sizeBytes > BigInt(view.sizeBytes) || sizeBytes === 0n) {
    return null;
  }
  return view.bytes(Number(start), Number(sizeBytes));
}

/**
 * A plain header lists every coder, so the absence of AES there proves no encryption. A packed
 * header only lists the coders that pack the header itself, so there absence proves nothing.
 */
function describeNextHeader(header: Uint8Array, detection: Detection): void {
  if (containsBytes(header, aesCoderId)) {
    detection.encrypted = true;
    const isPacked = header[0] === encodedHeaderId;
    detection.reasons.push(isPacked ? 'end header encrypted with 7zAES' : '7zAES coder');
    return;
  }
  if (header[0] === plainHeaderId) {
    detection.encrypted = false;
    detection.reasons.push('plain end header without 7zAES');
  }
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((byte, index) => haystack[start + index] === byte)) {
      return true;
    }
  }
  return false;
}
