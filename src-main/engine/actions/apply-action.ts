import type { EventOutcome } from '../../../src-shared/activity-event.ts';
import type { Destination } from '../destinations/destination.ts';
import type { PolicyAction } from '../policy/policy-schema.ts';
import type { Quarantine } from './quarantine.ts';

/** What carrying out an action did. */
export interface ActionResult {
  outcome: EventOutcome;
  quarantineId: string | null;
  /** SHA-256 of the file, when the action read all of it (quarantining does). */
  sha256: string | null;
  /** Added to the event's message: what went wrong, when something did. */
  note: string | null;
}

/** The parts of the engine an action may use. */
export interface ActionContext {
  quarantine: Quarantine;
  /** Tells the user; the desktop host shows it as a notification. */
  notify(message: string): void;
}

/**
 * Carries out a policy action on one file. A null action records the file only (it is not a
 * backup, or went somewhere approved).
 */
export async function applyAction(
  action: PolicyAction | null,
  path: string,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  switch (action) {
    case null:
    case 'audit':
      return { outcome: 'allowed', quarantineId: null, sha256: null, note: null };
    case 'notify':
      context.notify(`Copywarden recorded a backup copied to ${destination.label}: ${reason}.`);
      return { outcome: 'notified', quarantineId: null, sha256: null, note: null };
    case 'block':
      return block(path, destination, reason, context);
  }
}

async function block(
  path: string,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  const held = await context.quarantine.hold(path, { destinationId: destination.id, reason });
  if (!held.ok) {
    return { outcome: 'block-failed', quarantineId: null, sha256: null, note: held.message };
  }

  context.notify(
    `Copywarden moved ${held.value.originalPath} into quarantine: ${reason}. ` +
      'Ask your IT helpdesk if you need it released.',
  );
  return {
    outcome: 'quarantined',
    quarantineId: held.value.id,
    sha256: held.value.sha256,
    note: null,
  };
}
