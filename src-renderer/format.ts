import type { ActivityEvent, EventOutcome } from '../src-shared/activity-event.ts';

/** `1.5 MiB`, `820 bytes`. */
export function formatBytes(sizeBytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (sizeBytes < 1024) {
    return `${sizeBytes} ${sizeBytes === 1 ? 'byte' : 'bytes'}`;
  }
  let value = sizeBytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ''}`;
}

/** `4:05` for 245 000 ms; never negative. */
export function formatRemaining(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** A local date and time for people, such as `3 Dec 2026, 14:05:09`. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Outcomes in words. */
export const outcomeLabels: Record<EventOutcome, string> = {
  allowed: 'Allowed',
  notified: 'Notified',
  quarantined: 'Quarantined',
  held: 'Held',
  released: 'Released',
  'block-failed': 'Block failed',
  none: '—',
};

/** What an event is about, in a few words: its file, or its type. */
export function eventSubject(event: ActivityEvent): string {
  if (event.file !== null) {
    return event.file.name;
  }
  const words = event.type.replaceAll('-', ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** Destination kinds in words. */
export function destinationKindLabel(kind: string): string {
  switch (kind) {
    case 'removable-volume':
      return 'Removable volume';
    case 'cloud-sync':
      return 'Cloud sync folder';
    case 'network-share':
      return 'Network share';
    default:
      return 'Destination';
  }
}
