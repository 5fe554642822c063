import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import type { ActionContext } from './actions/apply-action.ts';
import type { OwnWrites } from './actions/own-writes.ts';
import { applyAction } from './actions/apply-action.ts';
import type { Logger } from './base/logger.ts';
import type { Classification, ClassifyResult } from './classify/classification.ts';
import type { Destination } from './destinations/destination.ts';
import { bulkCopyEvent } from './event-builders.ts';
import type { Identity } from './identity.ts';
import type { BulkCopyTracker } from './policy/bulk-copy-tracker.ts';
import { decide } from './policy/decide.ts';
import type { Policy } from './policy/policy-schema.ts';

/** What the pipeline needs from the rest of the engine. */
export interface FilePipelineDependencies {
  classify(path: string): Promise<ClassifyResult>;
  /** The policy as it applies to the user's group. */
  policy(): Policy;
  /** Whether the user's group is monitored at all. */
  monitoring(): boolean;
  /** Files the engine wrote itself (released from a prompt, restored): not taken again. */
  ownWrites: OwnWrites;
  actions: ActionContext;
  identity: Identity;
  /** Counts backup copies per user for the Bulk Backup Copy detection. */
  bulkCopies: BulkCopyTracker;
  /** Records an event in the activity log and tells the engine's listeners. */
  record(event: ActivityEvent): void;
  logger: Logger;
}

/**
 * One file's journey after its write finished: classify it, ask the policy, act, record.
 * Expected failures (the file vanished, could not be read) are logged and end the journey.
 */
export class FilePipeline {
  readonly #dependencies: FilePipelineDependencies;
  readonly #logger: Logger;
  readonly #inFlight = new Set<string>();

  constructor(dependencies: FilePipelineDependencies) {
    this.#dependencies = dependencies;
    this.#logger = dependencies.logger.child('Pipeline');
  }

  async process(path: string, destination: Destination): Promise<void> {
    // One journey per file at a time: a second report of the same write adds nothing
    if (this.#inFlight.has(path)) {
      return;
    }
    this.#inFlight.add(path);
    try {
      await this.#journey(path, destination);
    } finally {
      this.#inFlight.delete(path);
    }
  }

  async #journey(path: string, destination: Destination): Promise<void> {
    // The engine's own writes, and groups with monitoring off, are not acted on
    if (!this.#dependencies.monitoring() || (await this.#dependencies.ownWrites.isOwn(path))) {
      return;
    }

    // Classify
    const result = await this.#dependencies.classify(path);
    if (!result.ok) {
      this.#logger.debug(`skipped ${path}: ${result.code}: ${result.message}`);
      return;
    }
    const classification = result.classification;

    // Decide
    const decision = decide(this.#dependencies.policy(), classification, destination);
    if (decision.kind === 'ignore') {
      return;
    }

    // Act and record
    const outcome = await applyAction(
      decision.action,
      { path, format: classification.format },
      destination,
      decision.reason,
      this.#dependencies.actions,
    );
    const message = [decision.reason, ...classification.reasons, outcome.note]
      .filter((part) => part !== null && part !== '')
      .join('; ');
    this.#dependencies.record({
      eventId: randomUUID(),
      time: new Date().toISOString(),
      type: 'file-landed',
      ...this.#dependencies.identity,
      detection: decision.detection,
      risk: decision.risk,
      file: describeFile(classification, outcome.sha256),
      destination: {
        kind: destination.kind,
        id: destination.id,
        label: destination.label,
        provider: destination.provider,
      },
      action: decision.action,
      outcome: outcome.outcome,
      quarantineId: outcome.quarantineId,
      message,
    });

    // Count the copy towards the Bulk Backup Copy detection
    if (classification.isBackup) {
      const { identity, bulkCopies } = this.#dependencies;
      const alert = bulkCopies.observe(identity.user, classification.sizeBytes);
      if (alert !== null) {
        const risk = this.#dependencies.policy().detections.bulkBackupCopy.risk;
        this.#dependencies.record(bulkCopyEvent(alert, risk, identity));
      }
    }
  }
}

function describeFile(
  classification: Classification,
  sha256: string | null,
): ActivityEvent['file'] {
  return {
    path: classification.path,
    name: basename(classification.path),
    sizeBytes: classification.sizeBytes,
    format: classification.format,
    category: classification.category,
    encrypted: classification.encrypted,
    sha256,
  };
}
