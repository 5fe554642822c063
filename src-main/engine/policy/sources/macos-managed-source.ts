import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { parse } from 'plist';

import type { PolicyOrigin } from '../load-policy.ts';
import { maxPolicyFileBytes } from '../load-policy.ts';
import { policyJsonSchema } from '../policy-json-schema.ts';
import { coerceToSchema } from './coerce-to-schema.ts';
import type { PolicySource, SourceReading } from './policy-source.ts';

const run = promisify(execFile);

/** The managed-preferences domain configuration profiles (Jamf, Intune) target. */
export const macManagedDomain = 'org.copywarden.client';

/** Where macOS installs managed preferences: per user first, then for the whole device. */
export function macManagedPreferencePaths(
  user: string,
  root = '/Library/Managed Preferences',
): string[] {
  return [join(root, user, `${macManagedDomain}.plist`), join(root, `${macManagedDomain}.plist`)];
}

/**
 * Managed policy from a configuration profile's payload: the property list's keys mirror the
 * JSON policy. Only root can write /Library/Managed Preferences, so a user cannot weaken it.
 * Binary property lists are converted with the system's `plutil`, which exists only on macOS.
 */
export class MacManagedPreferencesSource implements PolicySource {
  readonly origin: PolicyOrigin;
  readonly watchedPaths: readonly string[];
  readonly #paths: string[];

  constructor(paths: string[]) {
    this.#paths = paths;
    this.watchedPaths = paths;
    this.origin = { kind: 'managed', location: paths.join(' or ') };
  }

  async read(): Promise<SourceReading> {
    for (const path of this.#paths) {
      const reading = await readPropertyList(path);
      if (reading.kind !== 'absent') {
        return reading;
      }
    }
    return { kind: 'absent' };
  }
}

async function readPropertyList(path: string): Promise<SourceReading> {
  // Find and bound the file
  let bytes: Buffer;
  try {
    const file = await stat(path);
    if (file.size > maxPolicyFileBytes) {
      return { kind: 'error', errors: [{ path: '$', message: `${path} is too large` }] };
    }
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { kind: 'absent' }
      : {
          kind: 'error',
          errors: [{ path: '$', message: `cannot read ${path}: ${code ?? String(error)}` }],
        };
  }

  // Parse, converting a binary list first
  try {
    const xml =
      bytes.subarray(0, 8).toString('latin1') === 'bplist00'
        ? await toXml(path)
        : bytes.toString('utf8');
    const document = parse(xml);
    return {
      kind: 'document',
      document: coerceToSchema(document, policyJsonSchema()),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'error',
      errors: [{ path: '$', message: `${path} is not a valid property list: ${message}` }],
    };
  }
}

async function toXml(path: string): Promise<string> {
  if (process.platform !== 'darwin') {
    throw new Error('binary property lists can only be read on macOS');
  }
  const { stdout } = await run('plutil', ['-convert', 'xml1', '-o', '-', path], {
    maxBuffer: maxPolicyFileBytes * 4,
  });
  return stdout;
}
