import type {
  ActivityEvent,
  ActivityEventType,
  EventOutcome,
} from '../../../../src-shared/activity-event.ts';
import { epochMs, isFailure, ocsfSeverity } from './event-labels.ts';
import { product, type FormatContext } from './product.ts';

/** The OCSF schema version the mapping follows. */
export const ocsfVersion = '1.5.0';

/** An OCSF event, as JSON. */
export type OcsfEvent = Record<string, unknown>;

interface Activity {
  id: number;
  name: string;
}

/** File System Activity (1001) activities for events about a file. */
const fileActivities: Partial<Record<ActivityEventType, Activity>> = {
  'file-landed': { id: 1, name: 'Create' },
  'file-restored': { id: 1, name: 'Create' },
  'file-purged': { id: 4, name: 'Delete' },
};

/** Application Lifecycle (6002) activities for the agent's own events. */
const lifecycleActivities: Partial<Record<ActivityEventType, Activity>> = {
  'agent-started': { id: 3, name: 'Start' },
  'agent-stopped': { id: 4, name: 'Stop' },
};

/** Security control profile: the action (1 Allowed, 2 Denied) and the disposition per outcome. */
const controls: Partial<Record<EventOutcome, { actionId: number; dispositionId: number }>> = {
  allowed: { actionId: 1, dispositionId: 17 },
  notified: { actionId: 1, dispositionId: 19 },
  quarantined: { actionId: 2, dispositionId: 3 },
  held: { actionId: 2, dispositionId: 23 },
  released: { actionId: 1, dispositionId: 8 },
  'block-failed': { actionId: 1, dispositionId: 27 },
};

const actionNames: Record<number, string> = { 1: 'Allowed', 2: 'Denied' };

const dispositionNames: Record<number, string> = {
  3: 'Quarantined',
  8: 'Approved',
  17: 'Logged',
  19: 'Alert',
  23: 'Challenge',
  27: 'Error',
};

/**
 * Maps an event to OCSF: events about a file to File System Activity (class 1001) with the
 * security control profile, the agent's own events to Application Lifecycle (class 6002).
 * Fields OCSF has no place for go under `unmapped.copywarden`.
 */
export function toOcsf(event: ActivityEvent, context: FormatContext): OcsfEvent {
  const common = {
    time: epochMs(event),
    severity_id: ocsfSeverity[event.risk].id,
    severity: ocsfSeverity[event.risk].name,
    status_id: isFailure(event) ? 2 : 1,
    status: isFailure(event) ? 'Failure' : 'Success',
    message: event.message,
    metadata: {
      version: ocsfVersion,
      uid: event.eventId,
      event_code: event.type,
      product: { name: product.name, vendor_name: product.vendor, version: product.version },
    },
    actor: {
      user: { name: event.user, ...(event.group !== null && { groups: [{ name: event.group }] }) },
    },
    device: { hostname: context.hostname, uid: event.machineId, type_id: 0, type: 'Unknown' },
  };

  const classFields =
    event.file === null ? lifecycleEvent(event, common) : fileEvent(event, common);
  return { ...classFields, unmapped: { copywarden: copywardenFields(event) } };
}

function fileEvent(event: ActivityEvent, common: OcsfEvent): OcsfEvent {
  const file = event.file;
  const activity = fileActivities[event.type] ?? { id: 99, name: event.type };

  return {
    class_uid: 1001,
    class_name: 'File System Activity',
    category_uid: 1,
    category_name: 'System Activity',
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: 100100 + activity.id,
    type_name: `File System Activity: ${activity.name}`,
    ...common,
    ...controlFields(event.outcome),
    file: file && {
      name: file.name,
      path: file.path,
      size: file.sizeBytes,
      type_id: 1,
      type: 'Regular File',
      ...(file.sha256 !== null && {
        hashes: [{ algorithm_id: 3, algorithm: 'SHA-256', value: file.sha256 }],
      }),
    },
  };
}

function lifecycleEvent(event: ActivityEvent, common: OcsfEvent): OcsfEvent {
  const activity = lifecycleActivities[event.type] ?? { id: 99, name: event.type };

  return {
    class_uid: 6002,
    class_name: 'Application Lifecycle',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: 600200 + activity.id,
    type_name: `Application Lifecycle: ${activity.name}`,
    ...common,
    app: { name: product.name, vendor_name: product.vendor, version: product.version },
  };
}

function controlFields(outcome: EventOutcome): OcsfEvent {
  const control = controls[outcome];
  if (control === undefined) {
    return {};
  }
  return {
    action_id: control.actionId,
    action: actionNames[control.actionId],
    disposition_id: control.dispositionId,
    disposition: dispositionNames[control.dispositionId],
  };
}

function copywardenFields(event: ActivityEvent): OcsfEvent {
  return {
    event_type: event.type,
    detection: event.detection,
    risk: event.risk,
    action: event.action,
    outcome: event.outcome,
    quarantine_id: event.quarantineId,
    destination: event.destination,
    file: event.file && {
      format: event.file.format,
      category: event.file.category,
      encrypted: event.file.encrypted,
    },
  };
}
