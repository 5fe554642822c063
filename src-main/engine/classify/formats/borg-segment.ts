import type { Detector } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/**
 * Borg 1 segment files (borg `repository.py`): "BORG_SEG" (Attic: "ATTICSEG"), then entries of
 * CRC32 (4), size (4), tag (1, 0 = PUT), object id (32) and data. The first data byte of a PUT is
 * the key type that wrote the object (borg `crypto/key.py`).
 */
const segmentMagics = ['BORG_SEG', 'ATTICSEG'];
const firstTagOffset = 16;
const firstKeyTypeOffset = 49;
const putTag = 0;

/** What a Borg key type byte says about encryption. */
interface BorgKeyType {
  label: string;
  encrypted: boolean;
}

/** Borg 1.x key types; plaintext and the authenticated-only modes leave data readable. */
const borgKeyTypes: Readonly<Record<number, BorgKeyType>> = {
  0x00: { label: 'keyfile', encrypted: true },
  0x01: { label: 'passphrase (legacy)', encrypted: true },
  0x02: { label: 'none', encrypted: false },
  0x03: { label: 'repokey', encrypted: true },
  0x04: { label: 'keyfile-blake2', encrypted: true },
  0x05: { label: 'repokey-blake2', encrypted: true },
  0x06: { label: 'authenticated-blake2', encrypted: false },
  0x07: { label: 'authenticated', encrypted: false },
};

/** The key type of a segment's first PUT, or null when the segment does not start with one. */
export function readBorgKeyType(view: SampleView): BorgKeyType | null {
  if (!segmentMagics.some((magic) => view.matches(0, magic))) {
    return null;
  }
  if (view.uint8(firstTagOffset) !== putTag) {
    return null;
  }
  return borgKeyTypes[view.uint8(firstKeyTypeOffset) ?? -1] ?? null;
}

/** A Borg or Attic segment file; its first object tells the repository's encryption mode. */
export const detectBorgSegment: Detector = ({ view }) => {
  const magic = segmentMagics.find((candidate) => view.matches(0, candidate));
  if (magic === undefined) {
    return null;
  }

  const keyType = readBorgKeyType(view);
  const reasons = [`"${magic}" at offset 0`];
  if (keyType !== null) {
    reasons.push(`first object written with key type ${keyType.label}`);
  }
  return {
    format: 'borg-segment',
    category: 'system-image',
    rule: 'always',
    confidence: 'high',
    encrypted: keyType?.encrypted ?? null,
    reasons,
  };
};
