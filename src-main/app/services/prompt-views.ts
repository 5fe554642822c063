import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { PromptFileView, PromptView } from '../../../src-shared/bridge.ts';
import type { PendingPrompt } from '../../engine/actions/prompt.ts';
import type { Destination } from '../../engine/destinations/destination.ts';
import type { Engine } from '../../engine/engine.ts';
import { describeDestinationDetail } from './describe-destination.ts';

/** How many recent `held` events are searched for the files of open prompts. */
const heldEventsSearched = 1000;

/** The destination kinds a prompt view names; anything else is `unknown`. */
const knownKinds = new Set<string>(['removable-volume', 'cloud-sync', 'network-share']);

/**
 * The engine's pending prompts with what the dialog should say about them: the device or account
 * behind the destination, and for each file its detection, risk and why it was held (from the
 * file's `held` event in the activity log).
 */
export function buildPromptViews(
  engine: Pick<Engine, 'pendingPrompts' | 'status' | 'queryLog'>,
  prompts: readonly PendingPrompt[] = engine.pendingPrompts(),
): PromptView[] {
  if (prompts.length === 0) {
    return [];
  }
  const destinations = new Map(engine.status().destinations.map((item) => [item.id, item]));
  const heldEvents = new Map(
    engine
      .queryLog({ outcome: 'held', limit: heldEventsSearched })
      .map((event) => [event.quarantineId, event]),
  );
  return prompts.map((prompt) => toPromptView(prompt, destinations, heldEvents));
}

function toPromptView(
  prompt: PendingPrompt,
  destinations: ReadonlyMap<string, Destination>,
  heldEvents: ReadonlyMap<string | null, ActivityEvent>,
): PromptView {
  // The destination, as the engine knows it now
  const armed = destinations.get(prompt.destination.id);
  const kind = armed?.kind ?? prompt.destination.kind;
  const destination = {
    id: prompt.destination.id,
    label: armed?.label ?? prompt.destination.label,
    kind: knownKinds.has(kind) ? (kind as PromptView['destination']['kind']) : 'unknown',
    detail: armed === undefined ? null : describeDestinationDetail(armed),
  };

  // Each file, with its recorded event
  const files = prompt.files.map((file): PromptFileView => {
    const event = heldEvents.get(file.quarantineId);
    return {
      quarantineId: file.quarantineId,
      name: file.name,
      path: file.path,
      sizeBytes: file.sizeBytes,
      format: file.format ?? event?.file?.format ?? null,
      detection: event?.detection ?? null,
      risk: event?.risk ?? null,
      why: event === undefined ? null : whyItMatters(event.message),
    };
  });
  return {
    id: prompt.id,
    destination,
    files,
    reasons: [...prompt.reasons],
    requireText: prompt.requireText,
    maxTextLength: prompt.maxTextLength,
    createdAt: prompt.createdAt,
    expiresAt: prompt.expiresAt,
    defaultOutcome: prompt.defaultOutcome,
  };
}

/**
 * The event's message without the engine's note about the prompt itself (`held until the user
 * answers prompt ...`), which tells the user nothing the dialog does not show.
 */
function whyItMatters(message: string): string {
  return message
    .split('; ')
    .filter((part) => !part.startsWith('held until the user answers'))
    .join('; ');
}
