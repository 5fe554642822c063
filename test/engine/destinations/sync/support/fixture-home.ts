import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { LogRecord } from '../../../../../src-main/engine/base/logger.ts';
import type { Destination } from '../../../../../src-main/engine/destinations/destination.ts';
import {
  parseXattrRun,
  type ExtendedAttributeResult,
  type XattrRun,
} from '../../../../../src-main/engine/destinations/sync/mac-extended-attributes.ts';

/** The folder of this suite's recorded command output. */
export const syncFixtures = join(import.meta.dirname, '../../../../fixtures/destinations/sync');

/** Reads a recorded fixture, replacing `@HOME@` (slash form) or `@WINHOME@` with the fixture home. */
export async function readFixture(
  relative: string,
  replacements: { home?: string; windowsHome?: string } = {},
): Promise<string> {
  let text = await readFile(join(syncFixtures, relative), 'utf8');
  if (replacements.home !== undefined) {
    text = text.replaceAll('@HOME@', replacements.home);
  }
  if (replacements.windowsHome !== undefined) {
    text = text.replaceAll('@WINHOME@', replacements.windowsHome);
  }
  return text;
}

/**
 * Creates folders and files under `root`; keys are slash-separated relative paths, a null value
 * makes a folder, anything else a file with that content.
 */
export async function lay(
  root: string,
  files: Record<string, string | Buffer | null>,
): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    if (content === null) {
      await mkdir(path, { recursive: true });
    } else {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, content);
    }
  }
}

/** Creates a SQLite database at `path` with the given schema and rows, as a client would. */
export async function writeDatabase(
  path: string,
  schema: string,
  rows: { sql: string; values: (string | number | null)[] }[],
): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const database = new DatabaseSync(path);
  try {
    database.exec(schema);
    for (const row of rows) {
      database.prepare(row.sql).run(...row.values);
    }
  } finally {
    database.close();
  }
}

/**
 * Answers `reg query <key> /s` from a recorded registry listing, as reg.exe does: the key and
 * every key below it, or null (reg exits with an error) when the key does not exist.
 */
export function registryFromListing(listing: string): (key: string) => Promise<string | null> {
  const blocks = listing
    .split(/\r?\n(?=HKEY_)/)
    .map((block) => block.trim())
    .filter((block) => block.startsWith('HKEY_'));

  return (key) => {
    const lowerKey = key.toLowerCase();
    const matching = blocks.filter((block) => {
      const path = (block.split(/\r?\n/)[0] ?? '').toLowerCase();
      return path === lowerKey || path.startsWith(`${lowerKey}\\`);
    });
    return Promise.resolve(matching.length === 0 ? null : `\r\n${matching.join('\r\n\r\n')}\r\n`);
  };
}

/** Answers extended-attribute reads from recorded `xattr -p` runs by path; others are absent. */
export function attributesFromRuns(
  runs: Record<string, XattrRun>,
): (path: string, name: string) => Promise<ExtendedAttributeResult> {
  const absent: XattrRun = {
    exitCode: 1,
    stdout: '',
    stderr: 'xattr: No such xattr: com.apple.file-provider-domain-id\n',
  };
  return (path) => Promise.resolve(parseXattrRun(runs[path] ?? absent));
}

export function byProvider(destinations: Destination[], provider: string): Destination[] {
  return destinations.filter((destination) => destination.provider === provider);
}

export function warnings(records: LogRecord[]): string[] {
  return records.filter((record) => record.level === 'warn').map((record) => record.message);
}

/** The path and account of each destination, for compact assertions. */
export function pathsAndAccounts(destinations: Destination[]): [string, unknown][] {
  return destinations.map((destination) => [destination.path, destination.account]);
}
