import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Outbox, type OutboxBound } from '../../../src-main/engine/forward/outbox/outbox.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';
import { numberedEvents } from './support/events.ts';

const roomy: OutboxBound = { maxEvents: 1000, overflow: 'drop-oldest' };

describe('Outbox', () => {
  let folder: TempDirectory;
  let path: string;
  let outbox: Outbox;
  beforeEach(async () => {
    folder = await createTempDirectory();
    path = join(folder.path, 'outbox.sqlite');
    outbox = new Outbox(path);
  });
  afterEach(async () => {
    outbox.dispose();
    await folder.dispose();
  });

  it('keeps one entry per event and target, across a reopen', () => {
    const events = numberedEvents(3);
    outbox.configureTargets([
      { name: 'a', description: 'a' },
      { name: 'b', description: 'b' },
    ]);

    outbox.enqueue(events, ['a', 'b'], roomy);
    outbox.dispose();
    outbox = new Outbox(path);

    expect(outbox.take('a', 0, 10).map((entry) => entry.event)).toEqual(events);
    expect(outbox.take('b', 0, 10)).toHaveLength(3);
    expect(outbox.queued('a')).toBe(3);
  });

  it('ignores an event queued twice', () => {
    const events = numberedEvents(2);

    outbox.enqueue(events, ['a'], roomy);
    outbox.enqueue(events, ['a'], roomy);

    expect(outbox.queued('a')).toBe(2);
  });

  it('removes acknowledged entries and the events no target still needs', () => {
    const events = numberedEvents(2);
    outbox.configureTargets([
      { name: 'a', description: 'a' },
      { name: 'b', description: 'b' },
    ]);
    outbox.enqueue(events, ['a', 'b'], roomy);
    const entries = outbox.take('a', 0, 10);

    const removed = outbox.acknowledge(
      'a',
      entries.map((entry) => entry.sequence),
      new Date(),
    );
    outbox.acknowledge(
      'b',
      outbox.take('b', 0, 1).map((entry) => entry.sequence),
      new Date(),
    );

    expect(removed).toBe(2);
    expect(outbox.queued('a')).toBe(0);
    expect(storedEventCount(path)).toBe(1);
    expect(outbox.status().find((state) => state.target === 'a')?.delivered).toBe(2);
  });

  it('never reuses a sequence, even after the queue drained', () => {
    outbox.enqueue(numberedEvents(3), ['a'], roomy);
    const first = outbox.take('a', 0, 10).map((entry) => entry.sequence);
    outbox.acknowledge('a', first, new Date());

    outbox.enqueue(numberedEvents(1), ['a'], roomy);

    expect(outbox.take('a', Math.max(...first), 10)).toHaveLength(1);
  });

  it('drops the oldest entries beyond the bound and says how many', () => {
    const events = numberedEvents(15);
    outbox.configureTargets([{ name: 'a', description: 'a' }]);

    const dropped = outbox.enqueue(events, ['a'], { maxEvents: 10, overflow: 'drop-oldest' });

    expect(dropped.get('a')).toBe(5);
    expect(outbox.take('a', 0, 100).map((entry) => entry.event?.message)).toEqual(
      events.slice(5).map((event) => event.message),
    );
    expect(outbox.status()[0]?.dropped).toBe(5);
    expect(outbox.status()[0]?.overflowSince).toMatch(/^\d{4}-/);
    expect(storedEventCount(path)).toBe(10);
  });

  it('refuses the newest entries beyond the bound under drop-newest', () => {
    const events = numberedEvents(15);

    const dropped = outbox.enqueue(events, ['a'], { maxEvents: 10, overflow: 'drop-newest' });

    expect(dropped.get('a')).toBe(5);
    expect(outbox.take('a', 0, 100).map((entry) => entry.event?.message)).toEqual(
      events.slice(0, 10).map((event) => event.message),
    );
    expect(storedEventCount(path)).toBe(10);
  });

  it('ends an overflow episode once, with its count', () => {
    outbox.configureTargets([{ name: 'a', description: 'a' }]);
    outbox.enqueue(numberedEvents(12), ['a'], { maxEvents: 10, overflow: 'drop-oldest' });

    const episode = outbox.endOverflow('a');

    expect(episode?.dropped).toBe(2);
    expect(episode?.since).toMatch(/^\d{4}-/);
    expect(outbox.endOverflow('a')).toBeNull();
  });

  it('keeps the queue of a target the settings no longer name, marked unconfigured', () => {
    outbox.configureTargets([{ name: 'a', description: 'a' }]);
    outbox.enqueue(numberedEvents(2), ['a'], roomy);

    outbox.configureTargets([{ name: 'b', description: 'b' }]);

    expect(outbox.status()).toEqual([
      expect.objectContaining({ target: 'b', configured: true, queued: 0 }),
      expect.objectContaining({ target: 'a', configured: false, queued: 2 }),
    ]);
  });
});

function storedEventCount(path: string): number {
  const database = new DatabaseSync(path, { readOnly: true });
  try {
    return (database.prepare('SELECT COUNT(*) AS count FROM events').get() as { count: number })
      .count;
  } finally {
    database.close();
  }
}
