import type { ActivityEvent } from '../../src-shared/activity-event.ts';

/** One line for people: time, outcome, detection, file, destination, reason. */
export function formatEvent(event: ActivityEvent): string {
  const parts = [event.time, event.outcome === 'none' ? event.type : event.outcome.toUpperCase()];

  if (event.detection !== null) {
    parts.push(`${event.detection} (${event.risk})`);
  }
  if (event.file !== null) {
    const format = event.file.format ?? 'unknown';
    parts.push(event.file.path, `[${format}, ${formatBytes(event.file.sizeBytes)}]`);
  }
  if (event.destination !== null) {
    parts.push(`on ${event.destination.label}`);
  }
  if (event.quarantineId !== null) {
    parts.push(`quarantine ${event.quarantineId}`);
  }
  parts.push(`- ${event.message}`);
  return parts.join('  ');
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}
