import { randomUUID } from 'node:crypto';

import type { ActivityEvent, EventFile } from '../../src-shared/activity-event.ts';

/** Overrides for a sample event; `file` merges into the sample file (null for no file). */
export type SampleEventOverrides = Omit<Partial<ActivityEvent>, 'file'> & {
  file?: Partial<EventFile> | null;
};

/**
 * A realistic activity event for tests and benchmarks: a VHDX backup that landed on a USB stick
 * and was quarantined, with any field overridden.
 */
export function sampleEvent(overrides: SampleEventOverrides = {}): ActivityEvent {
  const { file, ...rest } = overrides;
  const sampleFile: EventFile = {
    path: '/media/alice/STICK/server.vhdx',
    name: 'server.vhdx',
    sizeBytes: 4096,
    format: 'vhdx',
    category: 'disk-image',
    encrypted: false,
    sha256: null,
  };

  return {
    eventId: randomUUID(),
    time: '2026-12-03T10:00:00.000Z',
    type: 'file-landed',
    user: 'alice',
    group: null,
    machineId: 'machine-1',
    detection: 'Unauthorized Device Transfer',
    risk: 'medium',
    destination: {
      kind: 'removable-volume',
      id: 'volume:/media/alice/STICK',
      label: 'STICK',
      provider: null,
    },
    action: 'block',
    outcome: 'quarantined',
    quarantineId: 'q-1',
    message: 'backup (vhdx) written to removable volume STICK',
    ...rest,
    file: file === null ? null : { ...sampleFile, ...file },
  };
}
