import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** One value of a registry key as `reg query` prints it. */
export interface RegistryValue {
  /** The value name; `(Default)` for the key's default value. */
  name: string;
  /** The value type, such as `REG_SZ` or `REG_DWORD`. */
  type: string;
  /** The value data as printed (DWORDs in hex such as `0x1`). */
  data: string;
}

/** One key of a `reg query /s` listing, with its values. */
export interface RegistryKey {
  /** The full key path, such as `HKEY_CURRENT_USER\Software\Microsoft\OneDrive\Accounts\Personal`. */
  path: string;
  values: RegistryValue[];
}

/** `reg query` output is a few kilobytes per account; refuse listings beyond this. */
export const maxRegistryOutputBytes = 4 * 1024 * 1024;

/**
 * A value line: four spaces, the name, four spaces, the type, four spaces and the data. Names may
 * hold spaces (OneDrive's `Tenants` values are folder paths), so the type token anchors the split.
 */
const valueLinePattern = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/** Parses the text of `reg query <key> /s`. Lines of any other shape are ignored. */
export function parseRegQueryOutput(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | null = null;

  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trimEnd();

    // A key header starts at column zero with a hive name
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { path: line, values: [] };
      keys.push(current);
      continue;
    }

    // A value belongs to the key above it
    const match = valueLinePattern.exec(line);
    if (match !== null && current !== null) {
      current.values.push({ name: match[1] ?? '', type: match[2] ?? '', data: match[3] ?? '' });
    }
  }

  return keys;
}

/** The data of the value `name` of `key`, or null; value names compare case-insensitively. */
export function registryValue(key: RegistryKey, name: string): string | null {
  const lowerName = name.toLowerCase();
  const value = key.values.find((candidate) => candidate.name.toLowerCase() === lowerName);
  return value === undefined || value.data === '' ? null : value.data;
}

/** The part of a key path below `parent`, or null when the key is not below it. */
export function relativeKeyPath(key: RegistryKey, parent: string): string | null {
  const prefix = `${parent.toLowerCase()}\\`;
  return key.path.toLowerCase().startsWith(prefix) ? key.path.slice(prefix.length) : null;
}

const run = promisify(execFile);

/**
 * Runs `reg query <key> /s` on Windows. Elsewhere, and when the key does not exist (reg exits
 * with an error), it gives null.
 */
export async function queryRegistryWithReg(key: string): Promise<string | null> {
  if (process.platform !== 'win32') {
    return null;
  }
  try {
    const { stdout } = await run('reg', ['query', key, '/s'], {
      maxBuffer: maxRegistryOutputBytes,
      windowsHide: true,
    });
    return stdout;
  } catch {
    return null;
  }
}
