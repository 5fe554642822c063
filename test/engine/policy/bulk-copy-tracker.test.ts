import { describe, expect, it } from 'vitest';

import { BulkCopyTracker } from '../../../src-main/engine/policy/bulk-copy-tracker.ts';

describe('BulkCopyTracker', () => {
  const settings = { risk: 'high' as const, maxFiles: 3, maxBytes: 1000, windowMinutes: 10 };

  it('alerts once when the count goes over the threshold', () => {
    const tracker = new BulkCopyTracker(() => settings);

    const alerts = [0, 1, 2, 3, 4, 5].map((minute) =>
      tracker.observe('alice', 10, minute * 60_000),
    );

    expect(alerts.map((alert) => alert !== null)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(alerts[3]).toEqual({ files: 4, bytes: 40, windowMinutes: 10 });
  });

  it('alerts when the volume goes over the threshold', () => {
    const tracker = new BulkCopyTracker(() => settings);

    tracker.observe('alice', 600, 0);
    const alert = tracker.observe('alice', 600, 1_000);

    expect(alert).toEqual({ files: 2, bytes: 1200, windowMinutes: 10 });
  });

  it('forgets copies older than the window and alerts again after dropping back', () => {
    const tracker = new BulkCopyTracker(() => settings);
    for (const minute of [0, 1, 2, 3]) {
      tracker.observe('alice', 10, minute * 60_000);
    }

    const afterQuiet = tracker.observe('alice', 10, 30 * 60_000);
    const again = [31, 32, 33].map((minute) => tracker.observe('alice', 10, minute * 60_000));

    expect(afterQuiet).toBeNull();
    expect(again.at(-1)).toEqual({ files: 4, bytes: 40, windowMinutes: 10 });
  });

  it('counts each user apart', () => {
    const tracker = new BulkCopyTracker(() => settings);
    for (const minute of [0, 1, 2]) {
      tracker.observe('alice', 10, minute * 60_000);
    }

    expect(tracker.observe('bob', 10, 3 * 60_000)).toBeNull();
    expect(tracker.observe('alice', 10, 3 * 60_000)).not.toBeNull();
  });
});
