import type {
  ActivityEvent,
  ActivityEventType,
  EventRisk,
} from '../../../../src-shared/activity-event.ts';

/**
 * A short title per event type, for formats that want a human-readable name. Partial on
 * purpose: a type added later still formats, under its own id, until it gets a title here.
 */
const titles: Partial<Record<ActivityEventType, string>> = {
  'file-landed': 'File landed on a destination',
  'prompt-answered': 'Prompt answered',
  'file-restored': 'File restored from quarantine',
  'file-purged': 'File purged from quarantine',
  'policy-applied': 'Policy applied',
  'policy-rejected': 'Policy change refused',
  'agent-started': 'Agent started',
  'agent-stopped': 'Agent stopped',
  'forwarding-overflow': 'Forwarding outbox overflow',
  heartbeat: 'Heartbeat',
};

/** The detection's name when there is one, else the event type's title. */
export function eventTitle(event: ActivityEvent): string {
  return event.detection ?? titles[event.type] ?? event.type;
}

/** OCSF `severity_id` (1 Informational to 4 High); ECS `event.severity` uses the same numbers. */
export const ocsfSeverity: Record<EventRisk, { id: number; name: string }> = {
  none: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
};

/** CEF severity, 0 to 10: low 0-3, medium 4-6, high 7-8, very high 9-10. */
export const cefSeverity: Record<EventRisk, number> = { none: 1, low: 3, medium: 6, high: 8 };

/** RFC 5424 severity: 6 informational, 5 notice, 4 warning, 3 error. */
export const syslogSeverity: Record<EventRisk, number> = { none: 6, low: 5, medium: 4, high: 3 };

/** Milliseconds since the epoch of the event's ISO time; 0 when the time cannot be read. */
export function epochMs(event: ActivityEvent): number {
  const ms = Date.parse(event.time);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Whether the event reports a failure: a block that did not happen, a refusal, lost events. */
export function isFailure(event: ActivityEvent): boolean {
  return (
    event.outcome === 'block-failed' ||
    event.type === 'policy-rejected' ||
    event.type === 'forwarding-overflow'
  );
}
