import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import { ActivityLog } from '../../../src-main/engine/log/activity-log.ts';
import { parseCheckpoint } from '../../../src-main/engine/log/log-checkpoint.ts';
import { LogRetention } from '../../../src-main/engine/log/log-retention.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../../support/temp.ts';
import { logPath, sampleEvent, sqlite3, testIdentity, verifyWithCli } from './log-fixtures.ts';

/** Noon on the day after the sample events (which start 2026-12-01 08:00 UTC). */
const now = new Date('2026-12-02T12:00:00.000Z');

describe('ActivityLog retention', () => {
  let folder: TempDirectory;
  let dataDir: string;
  let log: ActivityLog;
  beforeEach(async () => {
    folder = await createTempDirectory();
    dataDir = join(folder.path, 'data');
    log = new ActivityLog(logPath(dataDir), { identity: testIdentity });
  });
  afterEach(async () => {
    log.dispose();
    await folder.dispose();
  });

  it('keeps at most maxEvents records, the checkpoint included, and still verifies', () => {
    for (let index = 1; index <= 30; index++) {
      log.append(sampleEvent(index));
    }

    const checkpoint = log.applyRetention({ maxAgeDays: 365, maxEvents: 10 }, now);

    const kept = log.queryPage({ limit: 100 }).records;
    expect(kept).toHaveLength(10);
    expect(kept.map((record) => record.sequence)).toEqual([31, 30, 29, 28, 27, 26, 25, 24, 23, 22]);
    expect(checkpoint).toMatchObject({ type: 'log-checkpoint', user: 'alice', outcome: 'none' });
    expect(checkpoint?.message).toContain('removed 21 records through sequence 21 (max-events)');
    expect(log.verify()).toMatchObject({ intact: true, records: 10 });
  });

  it('removes records older than maxAgeDays, up to the first younger one', () => {
    log.append(sampleEvent(1, { time: '2026-10-01T00:00:00.000Z' }));
    log.append(sampleEvent(2, { time: '2026-10-15T00:00:00.000Z' }));
    log.append(sampleEvent(3, { time: '2026-11-30T00:00:00.000Z' }));
    log.append(sampleEvent(4, { time: '2026-10-20T00:00:00.000Z' }));

    const checkpoint = log.applyRetention({ maxAgeDays: 30, maxEvents: 1_000 }, now);

    expect(log.queryPage().records.map((record) => record.sequence)).toEqual([5, 4, 3]);
    expect(checkpoint?.message).toContain('(max-age)');
    expect(log.verify()).toMatchObject({ intact: true, records: 3 });
  });

  it('does nothing, and writes no checkpoint, when nothing is due', () => {
    log.append(sampleEvent(1));

    const checkpoint = log.applyRetention({ maxAgeDays: 30, maxEvents: 1_000 }, now);

    expect(checkpoint).toBeNull();
    expect(log.query()).toHaveLength(1);
  });

  it('chains successive rotations, each checkpoint carrying the last removed MAC', () => {
    for (let index = 1; index <= 12; index++) {
      log.append(sampleEvent(index));
    }
    const macOf11 = log.queryPage({ limit: 100 }).records.find((record) => record.sequence === 11);

    log.applyRetention({ maxAgeDays: 365, maxEvents: 8 }, now);
    for (let index = 13; index <= 20; index++) {
      log.append(sampleEvent(index));
    }
    log.applyRetention({ maxAgeDays: 365, maxEvents: 8 }, now);

    const records = log.queryPage({ type: 'log-checkpoint', limit: 10 }).records;
    expect(records).toHaveLength(1);
    expect(log.verify()).toMatchObject({ intact: true, records: 8 });
    expect(macOf11?.chainMac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fires checkpoints on onDidWriteCheckpoint', () => {
    const fired: string[] = [];
    const subscription = log.onDidWriteCheckpoint((event) => fired.push(event.eventId));
    for (let index = 1; index <= 5; index++) {
      log.append(sampleEvent(index));
    }

    const checkpoint = log.applyRetention({ maxAgeDays: 365, maxEvents: 2 }, now);

    expect(fired).toEqual([checkpoint?.eventId]);
    void subscription.dispose();
  });
});

describe('LogRetention', () => {
  let folder: TempDirectory;
  let log: ActivityLog;
  beforeEach(async () => {
    folder = await createTempDirectory();
    log = new ActivityLog(logPath(join(folder.path, 'data')), { identity: testIdentity });
  });
  afterEach(async () => {
    log.dispose();
    await folder.dispose();
  });

  it('applies the settings when started and at each interval, and stops when disposed', async () => {
    const logger = createMemoryLogger();
    for (let index = 1; index <= 5; index++) {
      log.append(sampleEvent(index));
    }
    const retention = new LogRetention({
      log,
      settings: () => ({ maxAgeDays: 365, maxEvents: 3 }),
      logger,
      intervalMs: 20,
    });

    // At start
    retention.start();
    const afterStart = log.query().length;

    // At the next interval
    for (let index = 6; index <= 10; index++) {
      log.append(sampleEvent(index));
    }
    await waitFor(() => log.query().length === 3, 2_000, 'a second retention run');

    // Not after disposal
    retention.dispose();
    for (let index = 11; index <= 15; index++) {
      log.append(sampleEvent(index));
    }
    await delay(100);

    expect(afterStart).toBe(3);
    expect(log.query()).toHaveLength(8);
    expect(logger.records.some((record) => record.message.includes('removed old records'))).toBe(
      true,
    );
  });

  it('logs a failed run instead of throwing', () => {
    const logger = createMemoryLogger();
    const retention = new LogRetention({
      log,
      settings: () => ({ maxAgeDays: 365, maxEvents: 3 }),
      logger,
    });
    log.dispose();

    const checkpoint = retention.runNow();

    expect(checkpoint).toBeNull();
    expect(logger.records.some((record) => record.level === 'warn')).toBe(true);
  });
});

describe.runIf(canRun({ tools: ['sqlite3'] }))('copywarden log verify after retention', () => {
  let folder: TempDirectory;
  let dataDir: string;
  let database: string;
  beforeEach(async () => {
    folder = await createTempDirectory();
    dataDir = join(folder.path, 'data');
    database = logPath(dataDir);
    const log = new ActivityLog(database, { identity: testIdentity });
    for (let index = 1; index <= 20; index++) {
      log.append(sampleEvent(index));
    }
    log.applyRetention({ maxAgeDays: 365, maxEvents: 10 }, now);
    for (let index = 21; index <= 23; index++) {
      log.append(sampleEvent(index));
    }
    log.dispose();
  });
  afterEach(() => folder.dispose());

  it('passes on the rotated log', async () => {
    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(0);
    expect(report).toMatchObject({ intact: true, records: 13 });
  });

  it('names the first kept record when it is deleted', async () => {
    sqlite3(database, 'DELETE FROM events WHERE sequence = 12');

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 12, kind: 'missing' });
  });

  it('names an edited checkpoint', async () => {
    const row = sqlite3(
      database,
      "SELECT sequence, checkpoint FROM events WHERE type = 'log-checkpoint'",
    );
    const [sequence = '', json = ''] = row.trim().split('|');
    const checkpoint = parseCheckpoint(json);
    expect(checkpoint?.kind).toBe('retention');
    const forged = json.replace(/"removedCount":\d+/, '"removedCount":1');

    sqlite3(database, `UPDATE events SET checkpoint = '${forged}' WHERE sequence = ${sequence}`);
    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: Number(sequence), kind: 'edited' });
  });

  it('names the records the deleted checkpoint covered as missing', async () => {
    sqlite3(database, "DELETE FROM events WHERE type = 'log-checkpoint'");

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 1, kind: 'missing' });
  });

  it('names a record slipped in before the start of the kept chain as inserted', async () => {
    sqlite3(
      database,
      "INSERT INTO events (sequence, event_id, time, type, user, machine_id, risk, outcome, message) VALUES (11, 'forged-3', '2026-12-01T08:00:11.000Z', 'agent-stopped', 'alice', 'machine-1', 'none', 'none', 'stopped');",
    );

    const { code, report } = await verifyWithCli(dataDir);

    expect(code).toBe(1);
    expect(report.break).toMatchObject({ sequence: 11, eventId: 'forged-3', kind: 'inserted' });
  });
});
