import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';

import type {
  ActivityEvent,
  ActivityEventType,
  EventDestination,
  EventDevice,
  EventRisk,
} from '../../src-shared/activity-event.ts';
import type { ActionResult } from './actions/apply-action.ts';
import type { PromptResolution } from './actions/prompt.ts';
import type { QuarantineEntry } from './actions/quarantine.ts';
import type { Classification } from './classify/classification.ts';
import type { Destination, DeviceIdentity } from './destinations/destination.ts';
import type { Identity } from './identity.ts';
import type { Decision } from './policy/decide.ts';
import type { BulkCopyAlert } from './policy/bulk-copy-tracker.ts';

/** The fields every event shares: a fresh id, the time, who and where. */
function baseEvent(type: ActivityEventType, identity: Identity): ActivityEvent {
  return {
    eventId: randomUUID(),
    time: new Date().toISOString(),
    type,
    ...identity,
    group: null,
    detection: null,
    risk: 'none',
    file: null,
    destination: null,
    action: null,
    outcome: 'none',
    quarantineId: null,
    message: '',
  };
}

/** An event about the agent itself: started, stopped, policy applied or refused. */
export function agentEvent(
  type: ActivityEventType,
  identity: Identity,
  message: string,
): ActivityEvent {
  return { ...baseEvent(type, identity), message };
}

/** An event about a quarantined file: restored or purged. */
export function quarantineEvent(
  type: 'file-restored' | 'file-purged',
  entry: QuarantineEntry,
  identity: Identity,
  message: string,
): ActivityEvent {
  return {
    ...baseEvent(type, identity),
    file: {
      path: entry.originalPath,
      name: basename(entry.originalPath),
      sizeBytes: entry.sizeBytes,
      format: null,
      category: 'not-backup',
      encrypted: null,
      sha256: entry.sha256,
    },
    destination: destinationFromId(entry.destinationId),
    quarantineId: entry.id,
    message,
  };
}

/** One event per file of an answered (or timed-out) prompt, saying what became of it. */
export function promptResolutionEvents(
  resolution: PromptResolution,
  identity: Identity,
): ActivityEvent[] {
  const { prompt } = resolution;
  const how = describeAnswer(resolution);
  return resolution.files.map(({ file, outcome, note }) => ({
    ...baseEvent('prompt-answered', identity),
    file: {
      path: file.path,
      name: file.name,
      sizeBytes: file.sizeBytes,
      format: file.format,
      category: file.category,
      encrypted: null,
      sha256: null,
    },
    destination: { ...destinationFromId(prompt.destination.id), label: prompt.destination.label },
    detection: file.detection,
    risk: file.risk,
    action: 'prompt',
    outcome,
    quarantineId: file.quarantineId,
    message: note === null ? how : `${how}; ${note}`,
  }));
}

function describeAnswer(resolution: PromptResolution): string {
  const { answer } = resolution;
  if (resolution.answeredBy === 'timeout' || answer === null) {
    return `no answer in time; the default applied (${resolution.prompt.defaultOutcome})`;
  }
  if (answer.kind === 'cancel') {
    return 'the user cancelled the copy';
  }
  const text = answer.text === '' ? '' : `: "${answer.text}"`;
  return `justified by the user as "${answer.reason}"${text}`;
}

/** A file that landed on a destination: what it is, what the policy asked, what happened. */
export interface Landing {
  classification: Classification;
  decision: Extract<Decision, { kind: 'act' }>;
  destination: Destination;
  result: ActionResult;
}

export function fileLandedEvent(landing: Landing, identity: Identity): ActivityEvent {
  const { classification, decision, destination, result } = landing;
  const message = [decision.reason, ...classification.reasons, result.note]
    .filter((part) => part !== null && part !== '')
    .join('; ');
  return {
    ...baseEvent('file-landed', identity),
    detection: decision.detection,
    risk: decision.risk,
    file: {
      path: classification.path,
      name: basename(classification.path),
      sizeBytes: classification.sizeBytes,
      format: classification.format,
      category: classification.category,
      encrypted: classification.encrypted,
      sha256: result.sha256,
    },
    destination: {
      kind: destination.kind,
      id: destination.id,
      label: destination.label,
      provider: destination.provider,
      device: eventDevice(destination.device),
    },
    action: decision.action,
    outcome: result.outcome,
    quarantineId: result.quarantineId,
    message,
  };
}

/** The Bulk Backup Copy alert: more backups within the window than the policy allows. */
export function bulkCopyEvent(
  alert: BulkCopyAlert,
  risk: EventRisk,
  identity: Identity,
): ActivityEvent {
  const gibibytes = (alert.bytes / 1024 ** 3).toFixed(2);
  return {
    ...baseEvent('bulk-copy-alert', identity),
    detection: 'Bulk Backup Copy',
    risk,
    message: `${alert.files} backups (${gibibytes} GiB) copied to destinations within ${alert.windowMinutes} minutes`,
  };
}

/** Destination ids start with their kind: `volume:`, `cloud:`, `share:`, `local:`. */
export function destinationFromId(id: string): EventDestination {
  const prefix = id.slice(0, id.indexOf(':'));
  const kind = destinationKindsByPrefix[prefix] ?? 'removable-volume';
  const label = basename(id.slice(id.indexOf(':') + 1)) || id;
  return { kind, id, label, provider: kind === 'cloud-sync' ? (id.split(':')[1] ?? null) : null };
}

const destinationKindsByPrefix: Record<string, EventDestination['kind']> = {
  volume: 'removable-volume',
  cloud: 'cloud-sync',
  share: 'network-share',
  local: 'local-folder',
};

/** The identity fields of a device that events carry; null for exits without a device. */
function eventDevice(device: DeviceIdentity | null): EventDevice | null {
  if (device === null) {
    return null;
  }
  return {
    vendorId: device.vendorId ?? null,
    productId: device.productId ?? null,
    serial: device.serial ?? null,
    vendor: device.vendor ?? null,
    model: device.model ?? null,
    bus: device.bus,
    volumeUuid: device.volumeUuid ?? null,
  };
}
