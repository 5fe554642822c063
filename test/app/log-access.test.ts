import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LogAccess } from '../../src-main/app/services/log-access.ts';
import { ActivityLog } from '../../src-main/engine/log/activity-log.ts';
import type { ActivityEvent, EventRisk } from '../../src-shared/activity-event.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';
import { sampleEvent } from '../support/sample-events.ts';

const identity = { user: 'alice', machineId: 'machine-1' };

/** A blocked backup; `index` varies its time and name. */
function blockedBackup(index: number, risk: EventRisk): ActivityEvent {
  return sampleEvent({
    time: new Date(Date.UTC(2026, 11, 1, 8, 0, index)).toISOString(),
    ...identity,
    risk,
    file: { path: `/media/alice/STICK/backup-${index}.vhdx`, name: `backup-${index}.vhdx` },
    quarantineId: `q-${index}`,
    message: `backup ${index} written to removable volume STICK`,
  });
}

describe('LogAccess', () => {
  let work: TempDirectory;
  let dataDir: string;

  beforeEach(async () => {
    work = await createTempDirectory();
    dataDir = join(work.path, 'data');
  });
  afterEach(() => work.dispose());

  /** Writes `count` events with the engine's own activity log, as the agent would. */
  function writeEvents(count: number): void {
    const log = new ActivityLog(join(dataDir, 'activity.sqlite'), { identity });
    for (let index = 0; index < count; index++) {
      log.append(blockedBackup(index, index % 2 === 0 ? 'high' : 'medium'));
    }
    log.dispose();
  }

  it('pages through matching events, newest first', () => {
    writeEvents(5);
    const access = new LogAccess(dataDir);

    const first = access.queryPage({ risk: 'high', limit: 2 });
    const second = access.queryPage({ risk: 'high', limit: 2, cursor: first.nextCursor ?? '' });

    expect(first.records.map((record) => record.event.file?.name)).toEqual([
      'backup-4.vhdx',
      'backup-2.vhdx',
    ]);
    expect(second.records.map((record) => record.event.file?.name)).toEqual(['backup-0.vhdx']);
    expect(second.nextCursor).toBeNull();
  });

  it.runIf(canRun({ tools: ['sqlite3'] }))(
    'reports an intact chain, and the first edited record of a tampered one',
    () => {
      writeEvents(3);
      const access = new LogAccess(dataDir);

      const before = access.verify();
      // Edited behind the log's back, as someone covering their tracks would
      execFileSync('sqlite3', [
        join(dataDir, 'activity.sqlite'),
        "UPDATE events SET message = 'nothing' WHERE sequence = 2",
      ]);
      const after = access.verify();

      expect(before).toMatchObject({ state: 'intact', records: 3 });
      expect(after).toMatchObject({ state: 'broken', sequence: 2, kind: 'edited' });
    },
  );

  it('exports the matching events as CSV to an owner-only file', async () => {
    writeEvents(4);
    const path = join(work.path, 'export.csv');

    const result = await new LogAccess(dataDir).exportCsv({ risk: 'high' }, path);

    expect(result).toEqual({ ok: true, path, records: 2 });
    const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^sequence,chainMac,eventId,time,/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('answers with values when there is no log yet or the export cannot be written', async () => {
    const access = new LogAccess(dataDir);

    const page = access.queryPage({});
    const integrity = access.verify();
    writeEvents(1);
    const exported = await access.exportCsv({}, join(work.path, 'missing', 'export.csv'));

    expect(page).toEqual({ records: [], nextCursor: null });
    expect(integrity).toMatchObject({ state: 'unavailable' });
    expect(exported).toMatchObject({ ok: false, cancelled: false });
  });
});
