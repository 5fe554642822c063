import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ActivityLog } from '../../../src-main/engine/log/activity-log.ts';
import { toRow } from '../../../src-main/engine/log/event-row.ts';
import { migrateToVersion1 } from '../../../src-main/engine/log/migrations/0001-initial.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import { logPath, sampleEvent, testIdentity } from './log-fixtures.ts';

describe('ActivityLog opening', () => {
  let folder: TempDirectory;
  let database: string;
  let log: ActivityLog | null = null;
  beforeEach(async () => {
    folder = await createTempDirectory();
    database = logPath(join(folder.path, 'data'));
  });
  afterEach(async () => {
    log?.dispose();
    log = null;
    await folder.dispose();
  });

  /** Writes a version 1 log, as builds before the chain did. */
  async function writeVersion1Log(events: number): Promise<void> {
    await rm(join(folder.path, 'data'), { recursive: true, force: true });
    await mkdir(join(folder.path, 'data'));
    const legacy = new DatabaseSync(database);
    migrateToVersion1(legacy);
    legacy.exec('PRAGMA user_version = 1');
    const insert = legacy.prepare(
      'INSERT INTO events (event_id, time, type, user, machine_id, detection, risk, file_path, ' +
        'file_name, size_bytes, format, category, encrypted, sha256, destination_kind, ' +
        'destination_id, destination_label, destination_provider, action, outcome, ' +
        'quarantine_id, message) VALUES (:event_id, :time, :type, :user, :machine_id, ' +
        ':detection, :risk, :file_path, :file_name, :size_bytes, :format, :category, ' +
        ':encrypted, :sha256, :destination_kind, :destination_id, :destination_label, ' +
        ':destination_provider, :action, :outcome, :quarantine_id, :message)',
    );
    for (let index = 1; index <= events; index++) {
      // A version 1 row: no user group or device column yet
      const { user_group: _group, destination_device: _device, ...row } = toRow(sampleEvent(index));
      insert.run(row);
    }
    legacy.close();
  }

  it('seals the rows of a version 1 log on its first start with a key, and says so', async () => {
    await writeVersion1Log(5);

    log = new ActivityLog(database, { identity: testIdentity });

    expect(log.recordedAtOpen).toHaveLength(1);
    expect(log.recordedAtOpen[0]?.message).toContain('chained 5 records written before');
    expect(log.verify()).toMatchObject({ intact: true, records: 6, sealedThrough: 5 });
  });

  it('starts a new log with no checkpoint and an anchor at the start', () => {
    log = new ActivityLog(database, { identity: testIdentity });

    expect(log.recordedAtOpen).toEqual([]);
    expect(log.chainAnchor()).toMatchObject({ sequence: 0, chainMac: '0'.repeat(64) });
    expect(log.verify()).toMatchObject({ intact: true, records: 0 });
  });

  it('keeps the chain going across restarts', () => {
    log = new ActivityLog(database, { identity: testIdentity });
    log.append(sampleEvent(1));
    log.dispose();

    log = new ActivityLog(database, { identity: testIdentity });
    const appended = log.append(sampleEvent(2));

    expect(log.recordedAtOpen).toEqual([]);
    expect(appended.sequence).toBe(2);
    expect(log.verify()).toMatchObject({ intact: true, records: 2 });
  });

  it('records a replaced key when the key file vanished, and verify reports the old records', async () => {
    log = new ActivityLog(database, { identity: testIdentity });
    log.append(sampleEvent(1));
    log.append(sampleEvent(2));
    const oldFingerprint = log.keyFingerprint;
    log.dispose();
    await rm(join(folder.path, 'data', 'activity-log.key'));

    log = new ActivityLog(database, { identity: testIdentity });
    log.append(sampleEvent(3));

    expect(log.keyFingerprint).not.toBe(oldFingerprint);
    expect(log.recordedAtOpen[0]?.message).toContain('the log key was missing');
    expect(log.verify()).toMatchObject({
      intact: false,
      break: { sequence: 1, kind: 'unverifiable' },
    });
  });

  it('records a lost anchor when the anchor vanished while the log was closed', () => {
    log = new ActivityLog(database, { identity: testIdentity });
    log.append(sampleEvent(1));
    log.dispose();
    const tamper = new DatabaseSync(database);
    tamper.exec('DELETE FROM chain_head');
    tamper.close();

    log = new ActivityLog(database, { identity: testIdentity });

    expect(log.recordedAtOpen[0]?.message).toContain('chain-head anchor was missing');
    expect(log.verify()).toMatchObject({
      intact: false,
      break: { sequence: 2, kind: 'truncated' },
    });
  });

  it('records a lost anchor on the next append when it vanishes while the log is open', () => {
    log = new ActivityLog(database, { identity: testIdentity });
    const fired: string[] = [];
    log.onDidWriteCheckpoint((event) => fired.push(event.message));
    log.append(sampleEvent(1));
    const tamper = new DatabaseSync(database);
    tamper.exec('DELETE FROM chain_head');
    tamper.close();

    const appended = log.append(sampleEvent(2));

    expect(appended.sequence).toBe(3);
    expect(fired).toEqual([expect.stringContaining('chain-head anchor was missing')]);
    expect(log.verify()).toMatchObject({ intact: false, break: { kind: 'truncated' } });
  });

  it('records a lost anchor when the log file was replaced but the key stayed', async () => {
    log = new ActivityLog(database, { identity: testIdentity });
    log.append(sampleEvent(1));
    log.dispose();
    await rm(database);

    log = new ActivityLog(database, { identity: testIdentity });

    expect(log.recordedAtOpen[0]?.message).toContain('chain-head anchor was missing');
  });
});
