import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of a namespace and a name), so that generated
 * configuration profiles keep their PayloadUUIDs from one run to the next and MDM servers see an
 * updated profile instead of a new one.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  // Hash the namespace's bytes followed by the name's
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) {
    throw new Error(`not a UUID: ${namespace}`);
  }
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest();

  // Version 5 and the RFC variant
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;

  const hex = bytes.toString('hex').toUpperCase();
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}
