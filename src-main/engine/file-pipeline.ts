import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import type { ActionContext } from './actions/apply-action.ts';
import type { OwnWrites } from './actions/own-writes.ts';
import { applyAction } from './actions/apply-action.ts';
import type { Logger } from './base/logger.ts';
import type { WorkQueue } from './base/work-queue.ts';
import type { ClassifyResult } from './classify/classification.ts';
import type { Destination } from './destinations/destination.ts';
import { bulkCopyEvent, fileLandedEvent, type Landing } from './event-builders.ts';
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
  /** Whether the user's group handles backups for a living (no Backup Access alert). */
  handlesBackups(): boolean;
  /** Files the engine wrote itself (released from a prompt, restored): not taken again. */
  ownWrites: OwnWrites;
  actions: ActionContext;
  identity: Identity;
  /** Counts backup copies per user for the Bulk Backup Copy detection. */
  bulkCopies: BulkCopyTracker;
  /** Where the slow second half of an action runs (sealing into the quarantine). */
  finishing: WorkQueue;
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
    let handedOver = false;
    try {
      handedOver = await this.#journey(path, destination);
    } finally {
      if (!handedOver) {
        this.#inFlight.delete(path);
      }
    }
  }

  /** Returns true when the journey goes on in the finishing queue, which ends it. */
  async #journey(path: string, destination: Destination): Promise<boolean> {
    // The engine's own writes, and groups with monitoring off, are not acted on
    if (!this.#dependencies.monitoring() || (await this.#dependencies.ownWrites.isOwn(path))) {
      return false;
    }

    // Classify
    const result = await this.#dependencies.classify(path);
    if (!result.ok) {
      this.#logger.debug(`skipped ${path}: ${result.code}: ${result.message}`);
      return false;
    }
    const classification = result.classification;

    // Decide
    const decision = decide(this.#dependencies.policy(), classification, destination, {
      handlesBackups: this.#dependencies.handlesBackups(),
    });
    if (decision.kind === 'ignore') {
      return false;
    }

    // Act: at once, or take the file off now and seal it in the finishing queue
    const applied = await applyAction(
      decision.action,
      {
        path,
        format: classification.format,
        category: classification.category,
        detection: decision.detection,
        risk: decision.risk,
      },
      destination,
      decision.reason,
      this.#dependencies.actions,
    );
    if (applied.kind === 'done') {
      this.#recordLanding({ classification, decision, destination, result: applied.result });
      return false;
    }
    this.#dependencies.finishing.push(async () => {
      try {
        const finished = await applied.finish();
        this.#recordLanding({ classification, decision, destination, result: finished });
      } finally {
        this.#inFlight.delete(path);
      }
    });
    return true;
  }

  /** Records the landing, and counts it towards the Bulk Backup Copy detection. */
  #recordLanding(landing: Landing): void {
    const { identity, bulkCopies } = this.#dependencies;
    this.#dependencies.record(fileLandedEvent(landing, identity));
    if (!landing.classification.isBackup) {
      return;
    }

    const alert = bulkCopies.observe(identity.user, landing.classification.sizeBytes);
    if (alert !== null) {
      const risk = this.#dependencies.policy().detections.bulkBackupCopy.risk;
      this.#dependencies.record(bulkCopyEvent(alert, risk, identity));
    }
  }
}
