import { basename } from 'node:path';

import type { EventOutcome } from '../../../src-shared/activity-event.ts';
import type { Destination } from '../destinations/destination.ts';
import type { PolicyAction, QuarantineSettings } from '../policy/policy-schema.ts';
import type { PromptBroker } from './prompt-broker.ts';
import type { OwnWrites } from './own-writes.ts';
import { writePlaceholder } from './placeholder.ts';
import type { Quarantine } from './quarantine.ts';

/** What carrying out an action did. */
export interface ActionResult {
  outcome: EventOutcome;
  quarantineId: string | null;
  /** SHA-256 of the file, when the action read all of it (taking it into quarantine does). */
  sha256: string | null;
  /** Added to the event's message: what went wrong, when something did. */
  note: string | null;
}

/** The parts of the engine an action may use. */
export interface ActionContext {
  quarantine: Quarantine;
  prompts: PromptBroker;
  /** The quarantine settings in force (placeholder note, whom to ask). */
  quarantineSettings(): QuarantineSettings;
  /** Registers the files actions write themselves, so the watcher's report of them is ignored. */
  ownWrites: OwnWrites;
  /** Tells the user; the desktop host shows it as a notification. */
  notify(message: string): void;
}

/** The file an action applies to. */
export interface ActionTarget {
  path: string;
  format: string | null;
}

/**
 * Carries out a policy action on one file. A null action records the file only (it is not a
 * backup, or went somewhere approved).
 */
export async function applyAction(
  action: PolicyAction | null,
  target: ActionTarget,
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
    case 'prompt':
      return hold(target, destination, reason, context);
    case 'block':
      return block(target, destination, reason, context);
  }
}

/** Takes the file out of the destination at once and asks the user why it was copied. */
async function hold(
  target: ActionTarget,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  const held = await context.quarantine.hold(target.path, {
    destinationId: destination.id,
    reason,
    state: 'held',
  });
  if (!held.ok) {
    return { outcome: 'block-failed', quarantineId: null, sha256: null, note: held.message };
  }

  const file = {
    quarantineId: held.value.id,
    path: target.path,
    name: basename(target.path),
    sizeBytes: held.value.sizeBytes,
    format: target.format,
  };
  const destinationSummary = {
    id: destination.id,
    label: destination.label,
    kind: destination.kind,
  };
  const promptId = context.prompts.add(file, destinationSummary);
  return {
    outcome: 'held',
    quarantineId: held.value.id,
    sha256: held.value.sha256,
    note: `held until the user answers prompt ${promptId}`,
  };
}

async function block(
  target: ActionTarget,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  const held = await context.quarantine.hold(target.path, {
    destinationId: destination.id,
    reason,
  });
  if (!held.ok) {
    return { outcome: 'block-failed', quarantineId: null, sha256: null, note: held.message };
  }

  const settings = context.quarantineSettings();
  context.notify(
    `Copywarden moved ${held.value.originalPath} into quarantine: ${reason}. ` +
      `Ask ${settings.contact} if you need it released.`,
  );
  if (settings.placeholder) {
    await writePlaceholder(held.value, settings.contact, context.ownWrites);
  }
  return {
    outcome: 'quarantined',
    quarantineId: held.value.id,
    sha256: held.value.sha256,
    note: null,
  };
}
