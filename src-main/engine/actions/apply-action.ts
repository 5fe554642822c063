import { basename } from 'node:path';

import type { DetectionName, EventOutcome, EventRisk } from '../../../src-shared/activity-event.ts';
import type { Destination } from '../destinations/destination.ts';
import type { PolicyAction, QuarantineSettings } from '../policy/policy-schema.ts';
import type { PromptBroker } from './prompt-broker.ts';
import type { OwnWrites } from './own-writes.ts';
import { writePlaceholder } from './placeholder.ts';
import type { Quarantine, TakenFile } from './quarantine.ts';

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
  category: string;
  /** What the policy raised for it, carried into the prompt and its answer's events. */
  detection: DetectionName | null;
  risk: EventRisk;
}

/**
 * What applying an action leaves to do. Taking a file off its destination is quick and happens
 * at once; sealing it into the quarantine is slow (it reads the whole file) and is returned as
 * `finish`, for the caller to run where it does not hold up other files.
 */
export type AppliedAction =
  | { kind: 'done'; result: ActionResult }
  | { kind: 'continue'; finish: () => Promise<ActionResult> };

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
): Promise<AppliedAction> {
  switch (action) {
    case null:
    case 'audit':
      return done({ outcome: 'allowed', quarantineId: null, sha256: null, note: null });
    case 'notify':
      context.notify(`Copywarden recorded a backup copied to ${destination.label}: ${reason}.`);
      return done({ outcome: 'notified', quarantineId: null, sha256: null, note: null });
    case 'prompt':
    case 'block': {
      const taken = await context.quarantine.take(target.path);
      if (!taken.ok) {
        return done({
          outcome: 'block-failed',
          quarantineId: null,
          sha256: null,
          note: taken.message,
        });
      }
      const finish = action === 'prompt' ? finishHold : finishBlock;
      return {
        kind: 'continue',
        finish: () => finish(taken.value, target, destination, reason, context),
      };
    }
  }
}

function done(result: ActionResult): AppliedAction {
  return { kind: 'done', result };
}

/** Seals a held file and asks the user why it was copied. */
async function finishHold(
  taken: TakenFile,
  target: ActionTarget,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  const held = await context.quarantine.seal(taken, {
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
    category: target.category,
    detection: target.detection,
    risk: target.risk,
  };
  const promptId = context.prompts.add(file, {
    id: destination.id,
    label: destination.label,
    kind: destination.kind,
  });
  return {
    outcome: 'held',
    quarantineId: held.value.id,
    sha256: held.value.sha256,
    note: `held until the user answers prompt ${promptId}`,
  };
}

/** Seals a blocked file, tells the user, and leaves a note if the policy asks for one. */
async function finishBlock(
  taken: TakenFile,
  _target: ActionTarget,
  destination: Destination,
  reason: string,
  context: ActionContext,
): Promise<ActionResult> {
  const held = await context.quarantine.seal(taken, { destinationId: destination.id, reason });
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
