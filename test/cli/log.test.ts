import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { ActivityLog } from '../../src-main/engine/log/activity-log.ts';
import { readCsv } from '../engine/log/csv-reader.ts';
import { copywarden, logPath, sampleEvent, testIdentity } from '../engine/log/log-fixtures.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

describe('copywarden log', () => {
  let folder: TempDirectory;
  let dataDir: string;
  const events: ActivityEvent[] = [
    sampleEvent(1),
    sampleEvent(2, { user: 'bob', risk: 'high' }),
    sampleEvent(3, { message: '=HYPERLINK("http://example.invalid")' }),
    sampleEvent(4, { user: 'bob', outcome: 'notified', action: 'notify' }),
    sampleEvent(5),
  ];
  beforeAll(async () => {
    folder = await createTempDirectory();
    dataDir = join(folder.path, 'data');
    const log = new ActivityLog(logPath(dataDir), { identity: testIdentity });
    for (const event of events) {
      log.append(event);
    }
    log.dispose();
  });
  afterAll(() => folder.dispose());

  /** Parses `--json` output lines. */
  function parseLines(stdout: string): (ActivityEvent & { sequence: number })[] {
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ActivityEvent & { sequence: number });
  }

  it('lists matching events newest first, with their sequences', async () => {
    const result = await copywarden(['log', '--json', '--user', 'bob', '--data-dir', dataDir]);

    expect(result.code).toBe(0);
    expect(parseLines(result.stdout).map((line) => [line.sequence, line.eventId])).toEqual([
      [4, events[3]?.eventId],
      [2, events[1]?.eventId],
    ]);
  });

  it('prints a line per event for people, led by its sequence', async () => {
    const result = await copywarden(['log', '--risk', 'high', '--data-dir', dataDir]);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^#2 {2}.*backup-2/)]);
  });

  it('pages with --limit and --page', async () => {
    const result = await copywarden([
      'log',
      '--json',
      '--limit',
      '2',
      '--page',
      '2',
      '--data-dir',
      dataDir,
    ]);

    expect(parseLines(result.stdout).map((line) => line.sequence)).toEqual([3, 2]);
  });

  it.each([
    [['--risk', 'huge'], '--risk takes one of none, low, medium, high'],
    [['--since', 'yesterday'], '--since takes a duration'],
    [['--since', '1h', '--until', '2h'], 'must be before --until'],
    [['--limit', '0'], '--limit takes a whole number'],
    [['--detection', 'nope'], '--detection takes one of backup-access'],
    [['--colour'], "Unknown option '--colour'"],
    [['frobnicate'], 'unknown log command'],
    [['export'], '--format takes csv or jsonl'],
  ])('refuses %j with exit 2 and a clear message', async (args, message) => {
    const result = await copywarden(['log', ...args, '--data-dir', dataDir]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage:');
  });

  it('exits 2 when there is no log in the data directory', async () => {
    const result = await copywarden(['log', 'verify', '--data-dir', join(folder.path, 'nothing')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no activity log');
  });

  it('verifies an intact log for people, naming the count and the chain head', async () => {
    const result = await copywarden(['log', 'verify', '--data-dir', dataDir]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`intact: ${events.length} records`);
    expect(result.stdout).toContain(`Chain head: sequence ${events.length}`);
  });
});

describe('copywarden log export', () => {
  let folder: TempDirectory;
  let dataDir: string;
  const events: ActivityEvent[] = [
    sampleEvent(1, { message: '=cmd|" /C calc"!A0' }),
    sampleEvent(2, { user: 'bob', message: 'plain, with a comma and "quotes"\nand a line' }),
    sampleEvent(3, { message: '@SUM(1+1)' }),
  ];
  beforeAll(async () => {
    folder = await createTempDirectory();
    dataDir = join(folder.path, 'data');
    const log = new ActivityLog(logPath(dataDir), { identity: testIdentity });
    for (const event of events) {
      log.append(event);
    }
    log.dispose();
  });
  afterAll(() => folder.dispose());

  it('writes CSV with a header that reads back, formula cells defused', async () => {
    const output = join(folder.path, 'export.csv');

    const result = await copywarden([
      'log',
      'export',
      '--format',
      'csv',
      '--output',
      output,
      '--data-dir',
      dataDir,
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`exported ${events.length} events`);
    const [header = [], ...rows] = readCsv(await readFile(output, 'utf8'));
    const column = (name: string): number => header.indexOf(name);
    expect(rows.map((row) => row[column('eventId')])).toEqual(
      [...events].reverse().map((event) => event.eventId),
    );
    expect(rows.map((row) => row[column('message')])).toEqual([
      "'@SUM(1+1)",
      'plain, with a comma and "quotes"\nand a line',
      '\'=cmd|" /C calc"!A0',
    ]);
    expect((await stat(output)).mode & 0o777).toBe(0o600);
  });

  it('writes JSON Lines to standard output, filtered', async () => {
    const result = await copywarden([
      'log',
      'export',
      '--format',
      'jsonl',
      '--user',
      'bob',
      '--data-dir',
      dataDir,
    ]);

    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sequence: number; chainMac: string });
    const [only] = lines;
    expect(lines).toHaveLength(1);
    expect(only?.chainMac).toMatch(/^[0-9a-f]{64}$/);
    expect(only).toEqual({ sequence: 2, chainMac: only?.chainMac, ...events[1] });
  });
});
