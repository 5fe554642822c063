import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Windows security id such as `S-1-5-21-1004336348-1177238915-682003330-1001`. */
const sidPattern = /S-1-\d+(?:-\d+)+/;

/** Reads the SID from `whoami /user /fo csv /nh` output: `"pc\alice","S-1-5-21-..."`. */
export function parseWhoamiUser(output: string): string | null {
  return sidPattern.exec(output)?.[0] ?? null;
}

/**
 * The running user's SID from `whoami`, once; null elsewhere than Windows or when it fails. The
 * SID picks the user's own entries from machine-wide registrations.
 */
export function createCurrentUserSid(): () => Promise<string | null> {
  let pending: Promise<string | null> | null = null;

  return () => {
    pending ??= (async () => {
      if (process.platform !== 'win32') {
        return null;
      }
      try {
        const { stdout } = await run('whoami', ['/user', '/fo', 'csv', '/nh'], {
          windowsHide: true,
          maxBuffer: 64 * 1024,
        });
        return parseWhoamiUser(stdout);
      } catch {
        return null;
      }
    })();
    return pending;
  };
}
