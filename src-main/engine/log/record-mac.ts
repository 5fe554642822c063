import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The MACs that make the activity log tamper-evident, over an unambiguous serialisation of the
 * stored columns. Every input is written as a type tag, a length where the size varies, and the
 * bytes, behind a domain string per MAC kind, so that no two different records (or a record and
 * an anchor) serialise to the same bytes. docs/activity-log.md specifies the format for verifiers
 * outside Copywarden, such as a SIEM that holds the key.
 */

/** The stored columns a record MAC covers, in the order they are serialised. */
export const macColumns = [
  'event_id',
  'time',
  'type',
  'user',
  'machine_id',
  'detection',
  'risk',
  'file_path',
  'file_name',
  'size_bytes',
  'format',
  'category',
  'encrypted',
  'sha256',
  'destination_kind',
  'destination_id',
  'destination_label',
  'destination_provider',
  'action',
  'outcome',
  'quarantine_id',
  'message',
  'checkpoint',
] as const;

export type MacColumn = (typeof macColumns)[number];

/** A column value as SQLite hands it back (integers as bigint when read defensively). */
export type MacValue = string | number | bigint | Uint8Array | null;

/** The MAC length in bytes (HMAC-SHA256). */
export const macBytes = 32;

/** The `previous MAC` of the first record of a log: 32 zero bytes. */
export const genesisMac: Buffer = Buffer.alloc(macBytes);

const recordDomain = 'copywarden/activity-log/v1/record';
const groupRecordDomain = 'copywarden/activity-log/v1/record-with-group';
const deviceRecordDomain = 'copywarden/activity-log/v1/record-with-device';
const chainDomain = 'copywarden/activity-log/v1/chain';
const anchorDomain = 'copywarden/activity-log/v1/anchor';

/**
 * The MAC over a record's content, wherever it sits in the log. Columns added after the chain
 * choose the layout: a record with a device identity (schema version 4) is serialised under its
 * own domain with the group and the device after the other columns; one with a group only
 * (version 3) under another, with the group; one with neither keeps the first layout. Adding or
 * removing either changes the domain and the bytes, so the stored MAC no longer matches.
 */
export function computeRecordMac(
  key: Uint8Array,
  values: Readonly<Record<MacColumn, MacValue>> & {
    user_group?: MacValue;
    destination_device?: MacValue;
  },
): Buffer {
  const group = values.user_group ?? null;
  const device = values.destination_device ?? null;
  const domain =
    device !== null ? deviceRecordDomain : group !== null ? groupRecordDomain : recordDomain;

  const parts = [encodeValue(domain)];
  for (const column of macColumns) {
    parts.push(encodeValue(values[column]));
  }
  if (device !== null) {
    parts.push(encodeValue(group), encodeValue(device));
  } else if (group !== null) {
    parts.push(encodeValue(group));
  }
  return hmac(key, parts);
}

/** The MAC that ties a record's content to its sequence and to the record before it. */
export function computeChainMac(
  key: Uint8Array,
  sequence: number | bigint,
  previousMac: Uint8Array,
  recordMac: Uint8Array,
): Buffer {
  return hmac(key, [
    encodeValue(chainDomain),
    encodeValue(BigInt(sequence)),
    encodeValue(previousMac),
    encodeValue(recordMac),
  ]);
}

/** The MAC over the chain head, so that the anchor cannot be moved back without the key. */
export function computeAnchorMac(
  key: Uint8Array,
  sequence: number | bigint,
  chainMac: Uint8Array,
): Buffer {
  return hmac(key, [
    encodeValue(anchorDomain),
    encodeValue(BigInt(sequence)),
    encodeValue(chainMac),
  ]);
}

/** Compares two MACs in constant time; false when either is missing or of the wrong length. */
export function macsEqual(expected: Uint8Array, actual: unknown): boolean {
  if (!(actual instanceof Uint8Array) || actual.length !== expected.length) {
    return false;
  }
  return timingSafeEqual(expected, actual);
}

/** Key objects per key buffer: importing a raw key costs more than the HMAC itself. */
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

/** HMAC-SHA256 over the concatenated parts, in one update. */
function hmac(key: Uint8Array, parts: Buffer[]): Buffer {
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(Buffer.concat(parts)).digest();
}

/**
 * One value as tag + length + bytes: 0 null; 1 text (UTF-8, 4-byte length); 2 integer (8 bytes,
 * signed); 3 other number (8-byte double); 4 bytes (4-byte length). Big-endian throughout.
 */
function encodeValue(value: MacValue): Buffer {
  if (value === null) {
    return nullTag;
  }
  if (typeof value === 'string') {
    const length = Buffer.byteLength(value, 'utf8');
    const bytes = Buffer.allocUnsafe(5 + length);
    bytes.writeUInt8(1, 0);
    bytes.writeUInt32BE(length, 1);
    bytes.write(value, 5, 'utf8');
    return bytes;
  }
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    const bytes = Buffer.allocUnsafe(9);
    bytes.writeUInt8(2, 0);
    bytes.writeBigInt64BE(BigInt(value), 1);
    return bytes;
  }
  if (typeof value === 'number') {
    const bytes = Buffer.allocUnsafe(9);
    bytes.writeUInt8(3, 0);
    bytes.writeDoubleBE(value, 1);
    return bytes;
  }
  const bytes = Buffer.allocUnsafe(5 + value.length);
  bytes.writeUInt8(4, 0);
  bytes.writeUInt32BE(value.length, 1);
  bytes.set(value, 5);
  return bytes;
}

const nullTag = Buffer.of(0);
