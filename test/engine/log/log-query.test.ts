import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import { ActivityLog } from '../../../src-main/engine/log/activity-log.ts';
import { escapeLike, type ActivityQuery } from '../../../src-main/engine/log/log-query.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import { logPath, sampleEvent, testIdentity } from './log-fixtures.ts';

/** A small mixed log: which events each filter should return is computed from this list. */
function mixedEvents(): ActivityEvent[] {
  const cloud = {
    kind: 'cloud-sync' as const,
    id: 'sync:onedrive:/home/bob/OneDrive',
    label: 'OneDrive - Acme',
    provider: 'onedrive',
  };
  return [
    sampleEvent(1),
    sampleEvent(2, { user: 'bob', destination: cloud, detection: 'Cloud Storage Upload' }),
    sampleEvent(3, { risk: 'high', action: 'notify', outcome: 'notified' }),
    sampleEvent(4, { message: 'copied 100%_done.vhdx to STICK' }),
    sampleEvent(5, { user: 'bob', risk: 'high', destination: cloud, outcome: 'block-failed' }),
    sampleEvent(6, {
      type: 'agent-started',
      file: null,
      destination: null,
      detection: null,
      risk: 'none',
      action: null,
      outcome: 'none',
      quarantineId: null,
      message: 'protecting',
    }),
    sampleEvent(7, { message: 'copied 100 percent to STICK' }),
  ];
}

describe('ActivityLog queries', () => {
  let folder: TempDirectory;
  let log: ActivityLog;
  const events = mixedEvents();
  beforeAll(async () => {
    folder = await createTempDirectory();
    log = new ActivityLog(logPath(join(folder.path, 'data')), { identity: testIdentity });
    for (const event of events) {
      log.append(event);
    }
  });
  afterAll(async () => {
    log.dispose();
    await folder.dispose();
  });

  /** The expected ids for a predicate, newest first. */
  function expectedIds(predicate: (event: ActivityEvent) => boolean): string[] {
    return events
      .filter(predicate)
      .reverse()
      .map((event) => event.eventId);
  }
  function ids(query: ActivityQuery): string[] {
    return log.query(query).map((event) => event.eventId);
  }

  it.each<[string, ActivityQuery, (event: ActivityEvent) => boolean]>([
    ['user', { user: 'bob' }, (event) => event.user === 'bob'],
    ['risk', { risk: 'high' }, (event) => event.risk === 'high'],
    [
      'detection',
      { detection: 'Cloud Storage Upload' },
      (event) => event.detection === 'Cloud Storage Upload',
    ],
    ['action', { action: 'notify' }, (event) => event.action === 'notify'],
    ['outcome', { outcome: 'block-failed' }, (event) => event.outcome === 'block-failed'],
    ['type', { type: 'agent-started' }, (event) => event.type === 'agent-started'],
    [
      'destination label',
      { destination: 'OneDrive - Acme' },
      (event) => event.destination?.label === 'OneDrive - Acme',
    ],
    [
      'destination id',
      { destination: 'volume:/media/alice/STICK' },
      (event) => event.destination?.id === 'volume:/media/alice/STICK',
    ],
    ['since', { since: events[4]?.time ?? '' }, (event) => event.time >= (events[4]?.time ?? '')],
    ['until', { until: events[2]?.time ?? '' }, (event) => event.time < (events[2]?.time ?? '')],
    [
      'two filters at once',
      { user: 'bob', risk: 'high' },
      (event) => event.user === 'bob' && event.risk === 'high',
    ],
  ])('filters by %s', (_name, query, predicate) => {
    const expected = expectedIds(predicate);

    const found = ids(query);

    expect(expected.length).toBeGreaterThan(0);
    expect(found).toEqual(expected);
  });

  it('searches path, name and message, case-insensitively', () => {
    expect(ids({ search: 'BACKUP-3' })).toEqual([events[2]?.eventId]);
    expect(ids({ search: 'protecting' })).toEqual([events[5]?.eventId]);
  });

  it('takes % and _ in search text literally', () => {
    expect(ids({ search: '100%_' })).toEqual([events[3]?.eventId]);
    expect(ids({ search: '%' })).toEqual([events[3]?.eventId]);
  });

  it('pages by cursor without gaps or repeats', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = log.queryPage({ limit: 3, ...(cursor !== undefined && { cursor }) });
      seen.push(...page.records.map((record) => record.event.eventId));
      if (page.nextCursor === null) {
        break;
      }
      cursor = page.nextCursor;
    }

    expect(seen).toEqual(expectedIds(() => true));
  });

  it('pages by offset', () => {
    expect(ids({ limit: 2, offset: 2 })).toEqual(expectedIds(() => true).slice(2, 4));
  });

  it('gives each record its sequence and chain MAC', () => {
    const [newest] = log.queryPage({ limit: 1 }).records;

    expect(newest?.sequence).toBe(events.length);
    expect(newest?.chainMac).toBe(log.chainAnchor()?.chainMac);
  });

  it('refuses a cursor it did not hand out', () => {
    expect(() => log.queryPage({ cursor: '1; DROP TABLE events' })).toThrow(/cursor/);
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});
