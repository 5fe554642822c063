/**
 * Parsers for the `KEY=VALUE` listings Linux tools print about a block device: udev's database
 * (`/run/udev/data/b<major>:<minor>`, whose property lines start with `E:`), the output of
 * `udevadm info --query=property --name=DEV`, and `blkid -o export DEV`.
 */

/** The udev database folder on systemd machines. */
export const defaultUdevDataRoot = '/run/udev/data';

/** Properties by name, last one winning. */
export type DeviceProperties = ReadonlyMap<string, string>;

/**
 * Parses property lines. Lines of the udev database other than properties (`S:` links, `I:`,
 * `G:` tags and so on) are skipped, as are lines without `=`.
 */
export function parseDeviceProperties(text: string): DeviceProperties {
  const properties = new Map<string, string>();

  for (const rawLine of text.split('\n')) {
    // udev database lines carry a one-letter kind; keep only properties
    const line = rawLine.replace(/\r$/, '');
    const kind = /^([A-Z]):/.exec(line)?.[1];
    if (kind !== undefined && kind !== 'E') {
      continue;
    }
    const body = kind === undefined ? line : line.slice(2);

    // KEY=VALUE, where the value may itself hold `=`
    const separator = body.indexOf('=');
    if (separator <= 0) {
      continue;
    }
    properties.set(body.slice(0, separator), body.slice(separator + 1));
  }
  return properties;
}

/**
 * A property that udev also stores hex-escaped (`ID_VENDOR_ENC=SanDisk\x20`): the escaped form
 * keeps characters the plain one replaces with `_`, so it wins when present.
 */
export function encodedProperty(properties: DeviceProperties, key: string): string | null {
  const encoded = properties.get(`${key}_ENC`);
  if (encoded !== undefined) {
    return decodeUdevEscapes(encoded).trim() || null;
  }
  return properties.get(key)?.trim() || null;
}

/** Decodes udev's `\xNN` escapes, which spell the bytes of UTF-8 text. */
export function decodeUdevEscapes(text: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const escape = /^\\x([0-9a-fA-F]{2})/.exec(text.slice(index, index + 4));
    if (escape?.[1] !== undefined) {
      bytes.push(parseInt(escape[1], 16));
      index += 3;
    } else {
      bytes.push(...Buffer.from(text.charAt(index), 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path of a block device's udev database file, from its `major:minor`. */
export function udevDataPath(root: string, deviceNumber: string): string {
  return `${root}/b${deviceNumber}`;
}
