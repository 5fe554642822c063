import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ActivityLog } from '../../../src-main/engine/log/activity-log.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import { logPath, sampleEvent, sqlite3, testIdentity, verifyWithCli } from './log-fixtures.ts';

/** Records in each test log. */
const recordCount = 10;

describe.runIf(canRun({ tools: ['sqlite3'] }))('copywarden log verify on a tampered log', () => {
  let folder: TempDirectory;
  let dataDir: string;
  let database: string;
  let eventIds: string[];
  beforeEach(async () => {
    folder = await createTempDirectory();
    dataDir = join(folder.path, 'data');
    database = logPath(dataDir);
    const log = new ActivityLog(database, { identity: testIdentity });
    eventIds = [];
    for (let index = 1; index <= recordCount; index++) {
      const event = sampleEvent(index);
      log.append(event);
      eventIds.push(event.eventId);
    }
    log.dispose();
  });
  afterEach(() => folder.dispose());

  it('exits 0 with the record count when nothing was touched', async () => {
    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(0);
    expect(report).toMatchObject({ intact: true, records: recordCount });
  });

  it('names an edited record', async () => {
    sqlite3(database, "UPDATE events SET file_path = '/tmp/harmless.txt' WHERE sequence = 4");

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 4, eventId: eventIds[3], kind: 'edited' });
    expect(report.records).toBe(3);
  });

  it('names a record whose chain MAC alone was replaced as edited', async () => {
    sqlite3(database, 'UPDATE events SET chain_mac = randomblob(32) WHERE sequence = 6');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 6, eventId: eventIds[5], kind: 'edited' });
  });

  it('names a deleted record as missing', async () => {
    sqlite3(database, 'DELETE FROM events WHERE sequence = 5');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 5, eventId: null, kind: 'missing' });
  });

  it('names a deleted record as missing when the later ones were renumbered to close the gap', async () => {
    sqlite3(
      database,
      'DELETE FROM events WHERE sequence = 5; ' +
        'UPDATE events SET sequence = -sequence WHERE sequence > 5; ' +
        'UPDATE events SET sequence = -sequence - 1 WHERE sequence < 0;',
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 5, kind: 'missing' });
  });

  it('names a record inserted in the middle, with the later ones renumbered', async () => {
    sqlite3(
      database,
      'UPDATE events SET sequence = -sequence WHERE sequence >= 7; ' +
        'UPDATE events SET sequence = -sequence + 1 WHERE sequence < 0; ' +
        "INSERT INTO events (sequence, event_id, time, type, user, machine_id, risk, outcome, message) VALUES (7, 'forged-1', '2026-12-01T08:00:06.500Z', 'agent-stopped', 'alice', 'machine-1', 'none', 'none', 'stopped');",
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 7, eventId: 'forged-1', kind: 'inserted' });
  });

  it('names a record appended after the chain head as inserted', async () => {
    sqlite3(
      database,
      "INSERT INTO events (sequence, event_id, time, type, user, machine_id, risk, outcome, message) VALUES (11, 'forged-2', '2026-12-01T09:00:00.000Z', 'agent-stopped', 'alice', 'machine-1', 'none', 'none', 'stopped');",
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 11, eventId: 'forged-2', kind: 'inserted' });
  });

  it('names two swapped records as reordered', async () => {
    sqlite3(
      database,
      'UPDATE events SET sequence = -1 WHERE sequence = 3; ' +
        'UPDATE events SET sequence = 3 WHERE sequence = 8; ' +
        'UPDATE events SET sequence = 8 WHERE sequence = -1;',
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 3, eventId: eventIds[7], kind: 'reordered' });
    expect(report.break?.detail).toContain('sequence 8');
  });

  it('names the first removed record when the end of the log was cut off', async () => {
    sqlite3(database, 'DELETE FROM events WHERE sequence > 7');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 8, eventId: null, kind: 'truncated' });
    expect(report.records).toBe(7);
  });

  it('names an emptied table as truncated from the first record', async () => {
    sqlite3(database, 'DELETE FROM events');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 1, kind: 'truncated' });
  });

  it('names a cut-off end as truncated when the chain-head anchor was removed too', async () => {
    sqlite3(database, 'DELETE FROM events WHERE sequence > 7; DELETE FROM chain_head;');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 8, kind: 'truncated' });
    expect(report.break?.detail).toContain('anchor');
  });

  it('names a cut-off end as truncated when the anchor was moved back by hand', async () => {
    sqlite3(
      database,
      'DELETE FROM events WHERE sequence > 7; ' +
        'UPDATE chain_head SET sequence = 7, chain_mac = (SELECT chain_mac FROM events WHERE sequence = 7);',
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 8, kind: 'truncated' });
  });
});
