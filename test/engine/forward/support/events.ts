import { randomUUID } from 'node:crypto';

import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { createMemoryLogger } from '../../../../src-main/engine/base/logger.ts';
import {
  forwardingSchema,
  type ForwardingSettings,
} from '../../../../src-main/engine/forward/forwarding-settings.ts';

const stickFile: NonNullable<ActivityEvent['file']> = {
  path: '/media/alice/STICK/server.vhdx',
  name: 'server.vhdx',
  sizeBytes: 4096,
  format: 'vhdx',
  category: 'disk-image',
  encrypted: false,
  sha256: 'ab'.repeat(32),
};

/** A backup that landed on a USB stick and was quarantined. */
export function fileEvent(overrides: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    eventId: randomUUID(),
    time: '2026-12-03T10:00:00.125Z',
    type: 'file-landed',
    user: 'alice',
    group: null,
    machineId: 'machine-1',
    detection: 'Unauthorized Device Transfer',
    risk: 'medium',
    file: stickFile,
    destination: {
      kind: 'removable-volume',
      id: 'volume:/media/alice/STICK',
      label: 'STICK',
      provider: null,
    },
    action: 'block',
    outcome: 'quarantined',
    quarantineId: 'q-1',
    message: 'backup (vhdx) written to removable volume STICK; moved into the quarantine',
    ...overrides,
  };
}

/** `count` distinct file events, numbered in their message and file name. */
export function numberedEvents(count: number, label = 'event'): ActivityEvent[] {
  return Array.from({ length: count }, (_, index) =>
    fileEvent({
      message: `${label} ${index}`,
      file: { ...stickFile, name: `${label}-${index}.vhdx` },
    }),
  );
}

/** Forwarding settings through the policy schema, so that defaults apply as in a policy file. */
export function forwardingSettings(section: unknown): ForwardingSettings {
  return forwardingSchema.parse(section);
}

/** The identity stamped on the forwarder's own events in tests. */
export const testIdentity = { user: 'alice', machineId: 'machine-1' };

/** What a forwarder under test needs besides its data directory and settings. */
export function forwarderDependencies() {
  const logger = createMemoryLogger();
  const recorded: ActivityEvent[] = [];
  return {
    logger,
    recorded,
    identity: testIdentity,
    hostname: 'laptop-7',
    record: (event: ActivityEvent) => {
      recorded.push(event);
    },
  };
}
