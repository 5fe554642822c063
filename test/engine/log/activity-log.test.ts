import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import { ActivityLog } from '../../../src-main/engine/log/activity-log.ts';
import { currentSchemaVersion } from '../../../src-main/engine/log/migrations/migrate.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import { sampleEvent } from '../../support/sample-events.ts';

function fileEvent(overrides: Partial<ActivityEvent> = {}): ActivityEvent {
  return sampleEvent({
    file: { path: '/media/alice/STICK/server.vhdx', sha256: 'ab'.repeat(32) },
    ...overrides,
  });
}

describe('ActivityLog', () => {
  let folder: TempDirectory;
  let log: ActivityLog;
  beforeEach(async () => {
    folder = await createTempDirectory();
    log = new ActivityLog(join(folder.path, 'data', 'activity.sqlite'));
  });
  afterEach(async () => {
    log.dispose();
    await folder.dispose();
  });

  it('gives back an appended event field for field', () => {
    const event = fileEvent();

    log.append(event);

    expect(log.query()).toEqual([event]);
  });

  it('keeps the user group, and notices when a group is added to or removed from a record', () => {
    log.append(fileEvent({ group: 'it-operations' }));
    log.append(fileEvent({ group: null }));
    expect(log.query().map((event) => event.group)).toEqual([null, 'it-operations']);

    const database = new DatabaseSync(join(folder.path, 'data', 'activity.sqlite'));
    database.exec("UPDATE events SET user_group = NULL WHERE user_group = 'it-operations'");
    const removed = log.verify();
    database.exec(
      "UPDATE events SET user_group = 'it-operations' WHERE sequence = (SELECT MIN(sequence) FROM events)",
    );
    database.exec(
      "UPDATE events SET user_group = 'sales' WHERE sequence = (SELECT MAX(sequence) FROM events)",
    );
    const added = log.verify();
    database.close();

    expect(removed.intact).toBe(false);
    expect(added.intact).toBe(false);
  });

  it('keeps the device identity, and notices when it is changed afterwards', () => {
    const device = {
      vendorId: '0781',
      productId: '5567',
      serial: '4C530001230616113224',
      vendor: 'SanDisk',
      model: 'Cruzer Blade',
      bus: 'usb',
      volumeUuid: 'B5A7-FF10',
    };
    const event = fileEvent({
      destination: {
        kind: 'removable-volume',
        id: 'volume:/media/alice/STICK',
        label: 'STICK',
        provider: null,
        device,
      },
    });
    log.append(event);
    expect(log.query()).toEqual([event]);

    const database = new DatabaseSync(join(folder.path, 'data', 'activity.sqlite'));
    database.exec(
      `UPDATE events SET destination_device = replace(destination_device, '4C53', '0000')`,
    );
    const edited = log.verify();
    database.close();

    expect(edited.intact).toBe(false);
  });

  it('keeps events without a file or destination', () => {
    const event = fileEvent({
      type: 'agent-started',
      file: null,
      destination: null,
      detection: null,
      risk: 'none',
      action: null,
      outcome: 'none',
      quarantineId: null,
    });

    log.append(event);

    expect(log.query()).toEqual([event]);
  });

  it('returns events newest first, from a time on, up to a limit', () => {
    log.append(fileEvent({ time: '2026-12-01T00:00:00.000Z', message: 'first' }));
    log.append(fileEvent({ time: '2026-12-02T00:00:00.000Z', message: 'second' }));
    log.append(fileEvent({ time: '2026-12-03T00:00:00.000Z', message: 'third' }));

    expect(log.query().map((event) => event.message)).toEqual(['third', 'second', 'first']);
    expect(log.query({ since: '2026-12-02T00:00:00.000Z' }).map((event) => event.message)).toEqual([
      'third',
      'second',
    ]);
    expect(log.query({ limit: 1 }).map((event) => event.message)).toEqual(['third']);
  });

  it('refuses a second event with the same id', () => {
    const event = fileEvent();
    log.append(event);

    expect(() => {
      log.append(event);
    }).toThrow(/UNIQUE/);
  });

  it('writes in WAL mode at the current schema version, and survives reopening', () => {
    log.append(fileEvent());
    log.dispose();

    log = new ActivityLog(join(folder.path, 'data', 'activity.sqlite'));
    const database = new DatabaseSync(join(folder.path, 'data', 'activity.sqlite'), {
      readOnly: true,
    });
    const mode = database.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    const version = database.prepare('PRAGMA user_version').get() as { user_version: number };
    database.close();

    expect(mode.journal_mode).toBe('wal');
    expect(version.user_version).toBe(currentSchemaVersion);
    expect(log.query()).toHaveLength(1);
  });

  it('refuses a log written by a newer schema version', () => {
    log.dispose();
    const database = new DatabaseSync(join(folder.path, 'data', 'activity.sqlite'));
    database.exec(`PRAGMA user_version = ${currentSchemaVersion + 1}`);
    database.close();

    expect(() => new ActivityLog(join(folder.path, 'data', 'activity.sqlite'))).toThrow(/newer/);
  });
});
