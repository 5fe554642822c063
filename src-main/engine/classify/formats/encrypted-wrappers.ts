import type { Detection, Detector } from '../detection.ts';
import type { SampleView } from '../sample-view.ts';

/** RFC 4880 4.2: old-format tags 1 (public-key session key) and 3 (symmetric session key). */
const oldFormatSessionKeyTags: readonly number[] = [1, 3];

/** RFC 4880 4.2: new-format headers for tags 1 and 3. */
const newFormatSessionKeyHeaders: readonly number[] = [0xc1, 0xc3];

/** Packet versions: tag 1 uses 3 (or 6 in RFC 9580), tag 3 uses 4 (or 5, 6). */
const sessionKeyVersions: Readonly<Record<number, readonly number[]>> = {
  1: [3, 6],
  3: [4, 5, 6],
};

/**
 * Encrypted wrappers (age, OpenPGP, AES Crypt). They hide what they hold, so they count as a
 * backup only when their name says so, and they are always encrypted.
 */
export const detectEncryptedWrapper: Detector = ({ view }) => {
  if (view.matches(0, 'age-encryption.org/v1\n')) {
    return wrapper('age', 'high', '"age-encryption.org/v1" header');
  }
  if (view.matches(0, '-----BEGIN AGE ENCRYPTED FILE-----')) {
    return wrapper('age', 'high', 'armored age header');
  }
  if (view.matches(0, '-----BEGIN PGP MESSAGE-----')) {
    return wrapper('openpgp', 'high', '"-----BEGIN PGP MESSAGE-----" armor');
  }
  if (isAesCrypt(view)) {
    return wrapper('aescrypt', 'high', '"AES" header with version byte');
  }
  return detectBinaryOpenPgp(view);
};

/** AES Crypt: "AES", a version byte 0-3, then a zero byte (file magic "aes"). */
function isAesCrypt(view: SampleView): boolean {
  const version = view.uint8(3);
  return view.matches(0, 'AES') && version !== null && version <= 3 && view.uint8(4) === 0;
}

/** A binary OpenPGP message opening with a session-key packet of a known version. */
function detectBinaryOpenPgp(view: SampleView): Detection | null {
  const header = view.uint8(0);
  if (header === null) {
    return null;
  }

  // Work out the tag and where the packet body starts
  const packet = parsePacketHeader(header);
  if (packet === null) {
    return null;
  }
  const version = view.uint8(packet.bodyOffset);
  const knownVersions = sessionKeyVersions[packet.tag] ?? [];
  if (version === null || !knownVersions.includes(version)) {
    return null;
  }

  const kind = packet.tag === 3 ? 'symmetric' : 'public-key';
  return wrapper('openpgp', 'medium', `OpenPGP ${kind} session key packet`);
}

/** RFC 4880 4.2: the tag and header length of the first packet; null for other packets. */
function parsePacketHeader(header: number): { tag: number; bodyOffset: number } | null {
  if (newFormatSessionKeyHeaders.includes(header)) {
    // A one-byte length is the common case; longer lengths are not worth following here
    return { tag: header & 0x3f, bodyOffset: 2 };
  }

  const isOldFormat = (header & 0xc0) === 0x80;
  const tag = (header >> 2) & 0x0f;
  const lengthType = header & 0x03;
  if (!isOldFormat || !oldFormatSessionKeyTags.includes(tag) || lengthType === 3) {
    return null;
  }
  return { tag, bodyOffset: 1 + 2 ** lengthType };
}

function wrapper(format: string, confidence: Detection['confidence'], reason: string): Detection {
  return {
    format,
    category: 'generic-archive',
    rule: 'when-named',
    confidence,
    encrypted: true,
    reasons: [reason],
  };
}
