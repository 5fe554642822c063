import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { sampleEvent as storedSample } from '../../support/sample-events.ts';
import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import { copywardenBin } from '../../support/agent-process.ts';

const run = promisify(execFile);

/** The identity stamped on test checkpoints. */
export const testIdentity = { user: 'alice', machineId: 'machine-1' };

/** The log database in a data directory. */
export function logPath(dataDir: string): string {
  return join(dataDir, 'activity.sqlite');
}

/** A file event; `index` varies the time and names so that events differ. */
export function sampleEvent(index: number, overrides: Partial<ActivityEvent> = {}): ActivityEvent {
  return storedSample({
    time: new Date(Date.UTC(2026, 11, 1, 8, 0, index)).toISOString(),
    file: {
      path: `/media/alice/STICK/backup-${index}.vhdx`,
      name: `backup-${index}.vhdx`,
      sizeBytes: 4096 + index,
    },
    quarantineId: `q-${index}`,
    message: `backup ${index} written to removable volume STICK`,
    ...overrides,
  });
}

/** Runs SQL on a log file with the sqlite3 command-line tool, as someone tampering would. */
export function sqlite3(databasePath: string, sql: string): string {
  return execFileSync('sqlite3', [databasePath, sql], { encoding: 'utf8' });
}

/** Runs the `copywarden` command of this checkout as a separate process. */
export async function copywarden(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [copywardenBin, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `copywarden log verify --json` on a data directory, parsed. */
export async function verifyWithCli(dataDir: string): Promise<{
  code: number;
  report: {
    intact: boolean;
    records: number;
    break?: { sequence: number; eventId: string | null; kind: string; detail: string };
  };
}> {
  const result = await copywarden(['log', 'verify', '--json', '--data-dir', dataDir]);
  if (result.stdout.trim() === '') {
    throw new Error(`log verify printed nothing (exit ${result.code}):\n${result.stderr}`);
  }
  return { code: result.code, report: JSON.parse(result.stdout) as never };
}
