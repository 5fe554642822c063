import type { ActivityEvent, ActivityEventType } from '../../../../src-shared/activity-event.ts';
import { isFailure, ocsfSeverity } from './event-labels.ts';
import { product, type FormatContext } from './product.ts';

/** The Elastic Common Schema version the mapping follows. */
export const ecsVersion = '8.11.0';

/** An ECS document, as JSON. */
export type EcsDocument = Record<string, unknown>;

/** ECS `event.category` and `event.type` per event type. */
const categorisation: Partial<Record<ActivityEventType, { category: string; type: string }>> = {
  'file-landed': { category: 'file', type: 'creation' },
  'file-restored': { category: 'file', type: 'creation' },
  'file-purged': { category: 'file', type: 'deletion' },
  'prompt-answered': { category: 'file', type: 'info' },
  'agent-started': { category: 'process', type: 'start' },
  'agent-stopped': { category: 'process', type: 'end' },
  'policy-applied': { category: 'configuration', type: 'change' },
  'policy-rejected': { category: 'configuration', type: 'change' },
  'forwarding-overflow': { category: 'process', type: 'info' },
  heartbeat: { category: 'process', type: 'info' },
};

/**
 * Maps an event to an ECS document. Detections are `event.kind: alert`, heartbeats `state`,
 * everything else `event`. Fields ECS has no place for go under `copywarden.*`, the custom
 * namespace ECS recommends.
 */
export function toEcs(event: ActivityEvent, context: FormatContext): EcsDocument {
  const categories =
    categorisation[event.type] ?? (event.file ? { category: 'file', type: 'info' } : undefined);

  return {
    '@timestamp': event.time,
    message: event.message,
    ecs: { version: ecsVersion },
    event: {
      id: event.eventId,
      kind: eventKind(event),
      ...(categories && { category: [categories.category], type: [categories.type] }),
      action: event.type,
      outcome: isFailure(event) ? 'failure' : 'success',
      severity: ocsfSeverity[event.risk].id,
      provider: 'copywarden',
      dataset: 'copywarden.activity',
    },
    agent: { type: 'copywarden', name: product.name, version: product.version },
    host: { id: event.machineId, hostname: context.hostname, name: context.hostname },
    user: { name: event.user, ...(event.group !== null && { group: { id: event.group } }) },
    ...(event.detection !== null && { rule: { name: event.detection } }),
    ...(event.file !== null && { file: fileFields(event.file) }),
    copywarden: {
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
    },
  };
}

function eventKind(event: ActivityEvent): string {
  if (event.type === 'heartbeat') {
    return 'state';
  }
  return event.detection === null ? 'event' : 'alert';
}

function fileFields(file: NonNullable<ActivityEvent['file']>): EcsDocument {
  const dot = file.name.lastIndexOf('.');

  return {
    path: file.path,
    name: file.name,
    size: file.sizeBytes,
    type: 'file',
    ...(dot > 0 && { extension: file.name.slice(dot + 1) }),
    ...(file.sha256 !== null && { hash: { sha256: file.sha256 } }),
  };
}
