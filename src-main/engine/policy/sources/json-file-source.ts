import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { PolicyOrigin } from '../load-policy.ts';
import { maxPolicyFileBytes } from '../load-policy.ts';
import type { PolicySource, SourceReading } from './policy-source.ts';

/** Options for a JSON policy file. */
export interface JsonFileSourceOptions {
  path: string;
  origin: PolicyOrigin;
  /**
   * For managed policy: refuse the file unless it and its folder belong to root (or the given
   * owner) and nobody else may write them, so that a user cannot weaken what IT deployed.
   */
  requireOwner?: number;
}

/** A policy in a JSON file: the local `--policy` file, or Linux's /etc/copywarden/policy.json. */
export class JsonFileSource implements PolicySource {
  readonly origin: PolicyOrigin;
  readonly watchedPaths: readonly string[];
  readonly #options: JsonFileSourceOptions;

  constructor(options: JsonFileSourceOptions) {
    this.#options = options;
    this.origin = options.origin;
    this.watchedPaths = [options.path];
  }

  async read(): Promise<SourceReading> {
    const { path, requireOwner } = this.#options;

    // Absent or unsafe
    let size: number;
    try {
      const file = await stat(path);
      size = file.size;
      if (requireOwner !== undefined) {
        const problem =
          unsafeOwnership(file, requireOwner) ??
          unsafeOwnership(await stat(dirname(path)), requireOwner);
        if (problem !== null) {
          return {
            kind: 'error',
            errors: [{ path: '$', message: `${path} is not protected: ${problem}` }],
          };
        }
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && requireOwner !== undefined) {
        return { kind: 'absent' };
      }
      return {
        kind: 'error',
        errors: [{ path: '$', message: `cannot read ${path}: ${code ?? String(error)}` }],
      };
    }
    if (size > maxPolicyFileBytes) {
      return {
        kind: 'error',
        errors: [
          { path: '$', message: `${path} is ${size} bytes; the limit is ${maxPolicyFileBytes}` },
        ],
      };
    }

    // Parse
    try {
      return { kind: 'document', document: JSON.parse(await readFile(path, 'utf8')) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'error', errors: [{ path: '$', message: `not valid JSON: ${message}` }] };
    }
  }
}

/** Why a file or folder does not protect managed policy; null when it does. */
function unsafeOwnership(entry: { uid: number; mode: number }, owner: number): string | null {
  if (entry.uid !== owner) {
    return `it belongs to uid ${entry.uid}, not ${owner}`;
  }
  if ((entry.mode & 0o022) !== 0) {
    return `its mode ${(entry.mode & 0o777).toString(8)} lets others write it`;
  }
  return null;
}
