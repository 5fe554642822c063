import type {
  ActivityEvent,
  ActivityEventType,
  DetectionName,
  EventAction,
  EventDestination,
  EventDevice,
  EventOutcome,
  EventRisk,
} from '../../../src-shared/activity-event.ts';

/** An event as stored in the `events` table. */
export type EventRow = {
  event_id: string;
  time: string;
  type: string;
  user: string;
  machine_id: string;
  detection: string | null;
  risk: string;
  file_path: string | null;
  file_name: string | null;
  size_bytes: number | null;
  format: string | null;
  category: string | null;
  encrypted: number | null;
  sha256: string | null;
  destination_kind: string | null;
  destination_id: string | null;
  destination_label: string | null;
  destination_provider: string | null;
  action: string | null;
  outcome: string;
  quarantine_id: string | null;
  message: string;
  /** Schema version 3; null in older rows and in events not about a user's action. */
  user_group: string | null;
  /** Schema version 4: the device identity as JSON; null in older rows and for other exits. */
  destination_device: string | null;
};

export function toRow(event: ActivityEvent): EventRow {
  const { file, destination } = event;
  return {
    event_id: event.eventId,
    time: event.time,
    type: event.type,
    user: event.user,
    machine_id: event.machineId,
    detection: event.detection,
    risk: event.risk,
    file_path: file?.path ?? null,
    file_name: file?.name ?? null,
    size_bytes: file?.sizeBytes ?? null,
    format: file?.format ?? null,
    category: file?.category ?? null,
    encrypted: file === null || file.encrypted === null ? null : Number(file.encrypted),
    sha256: file?.sha256 ?? null,
    destination_kind: destination?.kind ?? null,
    destination_id: destination?.id ?? null,
    destination_label: destination?.label ?? null,
    destination_provider: destination?.provider ?? null,
    action: event.action,
    outcome: event.outcome,
    quarantine_id: event.quarantineId,
    message: event.message,
    user_group: event.group,
    destination_device:
      destination?.device === undefined || destination.device === null
        ? null
        : JSON.stringify(destination.device),
  };
}

/** Rebuilds an event from its row. The row was written by `toRow`, so its values are trusted. */
export function fromRow(row: EventRow): ActivityEvent {
  const file =
    row.file_path === null
      ? null
      : {
          path: row.file_path,
          name: row.file_name ?? '',
          sizeBytes: row.size_bytes ?? 0,
          format: row.format,
          category: row.category ?? 'not-backup',
          encrypted: row.encrypted === null ? null : row.encrypted === 1,
          sha256: row.sha256,
        };
  const destination: EventDestination | null =
    row.destination_id === null
      ? null
      : {
          kind: row.destination_kind as EventDestination['kind'],
          id: row.destination_id,
          label: row.destination_label ?? '',
          provider: row.destination_provider,
          ...(typeof row.destination_device === 'string' && {
            device: JSON.parse(row.destination_device) as EventDevice,
          }),
        };

  return {
    eventId: row.event_id,
    time: row.time,
    type: row.type as ActivityEventType,
    user: row.user,
    machineId: row.machine_id,
    detection: row.detection as DetectionName | null,
    risk: row.risk as EventRisk,
    file,
    destination,
    action: row.action as EventAction | null,
    outcome: row.outcome as EventOutcome,
    quarantineId: row.quarantine_id,
    message: row.message,
    group: row.user_group ?? null,
  };
}
