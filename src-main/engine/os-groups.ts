import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Group listings are short; refuse anything larger. */
const maxGroupListingBytes = 1024 * 1024;

/**
 * The operating system groups of `user`, local and directory groups alike, as the OS reports
 * them: `id -Gn` on Linux and macOS (which includes directory groups on joined machines), and
 * `whoami /groups` on Windows (for the current user). An empty list when they cannot be read.
 */
export async function readOsGroups(
  user: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string[]> {
  try {
    if (platform === 'win32') {
      const { stdout } = await run('whoami', ['/groups', '/fo', 'csv', '/nh'], {
        maxBuffer: maxGroupListingBytes,
        windowsHide: true,
      });
      return parseWhoamiGroups(stdout);
    }
    const { stdout } = await run('id', ['-Gn', user], { maxBuffer: maxGroupListingBytes });
    return parseIdGroups(stdout);
  } catch {
    return [];
  }
}

/** `id -Gn` prints the group names on one line, separated by spaces. */
export function parseIdGroups(output: string): string[] {
  return output
    .trim()
    .split(/\s+/)
    .filter((name) => name !== '');
}

/** `whoami /groups /fo csv /nh` prints one quoted CSV row per group, the name first. */
export function parseWhoamiGroups(output: string): string[] {
  const names: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^"((?:[^"]|"")*)"/.exec(line.trim());
    if (match?.[1] !== undefined) {
      names.push(match[1].replaceAll('""', '"'));
    }
  }
  return names;
}
