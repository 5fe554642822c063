/**
 * Small readers for the values operating systems print about devices: JSON members of unknown
 * shape, hex ids in their many spellings, and names padded with spaces. Every one returns null
 * for what it cannot read, so that one odd value never hides the others.
 */

/** A parsed JSON object whose members are not trusted yet. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** Parses JSON text; a syntax error is a value, since the text comes from another program. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The value as an object, or null when it is not one. */
export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : null;
}

/**
 * The value as a list. PowerShell's ConvertTo-Json prints a single object rather than a list of
 * one, and nothing at all for none, so both count as lists here.
 */
export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value as unknown[];
  }
  return value === undefined || value === null || value === '' ? [] : [value];
}

/** A member as trimmed text (numbers are written out); null when absent or blank. */
export function stringValue(record: JsonRecord, key: string): string | null {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return typeof value === 'string' ? cleanText(value) : null;
}

/** A member as a finite number, also from numeric text; null otherwise. */
export function numberValue(record: JsonRecord, key: string): number | null {
  const value = record[key];
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return null;
}

/** A member as a boolean, also from `yes`/`no`, `1`/`0` and `true`/`false` text; null otherwise. */
export function booleanValue(record: JsonRecord, key: string): boolean | null {
  const value = record[key];
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return value === 1 ? true : value === 0 ? false : null;
  }
  if (typeof value !== 'string') {
    return null;
  }
  const text = value.trim().toLowerCase();
  if (text === 'yes' || text === 'true' || text === '1') {
    return true;
  }
  return text === 'no' || text === 'false' || text === '0' ? false : null;
}

/**
 * Trims, collapses runs of white space, drops control characters (a device chooses its own
 * label and serial, and they end up on terminals and in logs), and gives null for blank text.
 */
export function cleanText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) {
    return null;
  }
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return cleaned === '' ? null : cleaned;
}

/**
 * A USB vendor or product id as four lower-case hex digits, from any of the spellings in use:
 * `0781`, `0x0781`, `0x0781  (SanDisk Corporation)`, `VID_0781`. Null for anything else.
 */
export function normaliseUsbId(text: string | null | undefined): string | null {
  const match = /^(?:0x|[vp]id_)?([0-9a-f]{1,4})\b/i.exec(cleanText(text) ?? '');
  return match?.[1] === undefined ? null : match[1].toLowerCase().padStart(4, '0');
}

/**
 * A serial number as the device reports it, or null for the placeholders that mean "none"
 * (all zeros, all spaces) and for serials Windows made up itself (an `&` in the second place).
 */
export function normaliseSerial(text: string | null | undefined): string | null {
  const serial = cleanText(text);
  if (serial === null || /^0+$/.test(serial) || serial.charAt(1) === '&') {
    return null;
  }
  return serial;
}

/** A vendor name, or null for blanks and for numeric ids printed where a name belongs (`0x1af4`). */
export function vendorName(text: string | null): string | null {
  const name = cleanText(text);
  return name === null || /^0x[0-9a-f]+$/i.test(name) ? null : name;
}

/** Filesystem names across platforms, in Linux's (blkid's) vocabulary. */
const filesystemAliases: Readonly<Record<string, string>> = {
  msdos: 'vfat',
  fat: 'vfat',
  fat12: 'vfat',
  fat16: 'vfat',
  fat32: 'vfat',
  'ms-dos fat32': 'vfat',
  'ms-dos fat16': 'vfat',
  hfs: 'hfsplus',
  'hfs+': 'hfsplus',
  ntfs3: 'ntfs',
};

/**
 * A filesystem name in one vocabulary: `vfat` for FAT (macOS says `msdos`, Windows `FAT32`),
 * `hfsplus` for HFS+, and the lower-case name otherwise (`exfat`, `ntfs`, `apfs`, `ext4`).
 */
export function normaliseFilesystem(name: string | null): string | null {
  const lower = cleanText(name)?.toLowerCase() ?? null;
  return lower === null ? null : (filesystemAliases[lower] ?? lower);
}

/** Returns the first argument that is neither null nor undefined, else null. */
export function firstKnown<T>(...values: Array<T | null | undefined>): T | null {
  for (const value of values) {
    if (value !== null && value !== undefined) {
      return value;
    }
  }
  return null;
}

/** `vendor model`, without repeating a vendor the model already starts with; null if both unknown. */
export function describeProduct(vendor: string | null, model: string | null): string | null {
  if (vendor !== null && model !== null) {
    return model.toLowerCase().startsWith(vendor.toLowerCase()) ? model : `${vendor} ${model}`;
  }
  return vendor ?? model;
}
