import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { PromptView, StatusView } from '../../../src-shared/bridge.ts';

/** A prompt for one VHDX on a USB stick, expiring in `secondsLeft`; `changes` override it. */
export function promptView(changes: Partial<PromptView> = {}, secondsLeft = 120): PromptView {
  const now = Date.now();
  return {
    id: crypto.randomUUID(),
    destination: {
      id: 'volume:/media/alice/STICK',
      label: 'STICK',
      kind: 'removable-volume',
      detail: 'SanDisk Cruzer Blade (/dev/sdb)',
    },
    files: [
      {
        quarantineId: crypto.randomUUID(),
        name: 'server-backup.vhdx',
        path: '/media/alice/STICK/server-backup.vhdx',
        sizeBytes: 3 * 1024 * 1024,
        format: 'vhdx',
        detection: 'Unauthorized Device Transfer',
        risk: 'medium',
        why: 'backup (vhdx) written to removable volume STICK; VHDX signature at offset 0',
      },
    ],
    reasons: ['Approved business need', 'This is not a backup (false positive)'],
    requireText: false,
    maxTextLength: 1000,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + secondsLeft * 1000).toISOString(),
    defaultOutcome: 'block',
    ...changes,
  };
}

/** A `file-landed` event; `changes` override it. */
export function activityEvent(changes: Partial<ActivityEvent> = {}): ActivityEvent {
  return {
    eventId: crypto.randomUUID(),
    time: new Date().toISOString(),
    type: 'file-landed',
    user: 'alice',
    group: 'everyone',
    machineId: 'machine-1',
    detection: 'Unauthorized Device Transfer',
    risk: 'medium',
    file: {
      path: '/media/alice/STICK/server-backup.vhdx',
      name: 'server-backup.vhdx',
      sizeBytes: 3 * 1024 * 1024,
      format: 'vhdx',
      category: 'disk-image',
      encrypted: false,
      sha256: null,
    },
    destination: {
      kind: 'removable-volume',
      id: 'volume:/media/alice/STICK',
      label: 'STICK',
      provider: null,
    },
    action: 'prompt',
    outcome: 'held',
    quarantineId: null,
    message: 'backup (vhdx) written to removable volume STICK',
    ...changes,
  };
}

/** A status view of a protected machine; `changes` override it. */
export function statusView(changes: Partial<StatusView> = {}): StatusView {
  return {
    protection: 'protected',
    problems: [],
    policy: {
      origin: 'the policy file /etc/copywarden/policy.json',
      appliedAt: new Date().toISOString(),
      group: 'Everyone',
      monitoring: true,
    },
    destinations: [],
    watcher: 'inotify',
    pendingFiles: 0,
    pendingPrompts: 0,
    recentEvents: [],
    siem: { state: 'none', message: null, targets: [] },
    checkedAt: new Date().toISOString(),
    ...changes,
  };
}
