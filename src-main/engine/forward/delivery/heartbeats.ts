import type { Disposable } from '../../base/disposable.ts';
import type { Logger } from '../../base/logger.ts';
import type { Identity } from '../../identity.ts';
import type { ChainAnchor } from '../../log/activity-log.ts';
import { heartbeatEvent } from '../forwarder-events.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { TargetWorker } from './target-worker.ts';

/** What the heartbeat schedule needs. */
export interface HeartbeatsOptions {
  outbox: Outbox;
  logger: Logger;
  identity: Identity;
  /** The running workers, by target name. */
  workers: () => Iterable<[string, TargetWorker]>;
  /** The activity log's chain head, if the caller has one. */
  chainAnchor?: (() => ChainAnchor | null) | undefined;
}

/**
 * Sends each target a heartbeat at an interval: the agent is alive, its queue for the target,
 * its drops, and the activity log's chain head as a checkpoint for the SIEM.
 */
export class Heartbeats implements Disposable {
  readonly #options: HeartbeatsOptions;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: HeartbeatsOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Forward');
  }

  /** (Re)starts the schedule at `intervalMs`; the first heartbeat goes after one interval. */
  restart(intervalMs: number): void {
    this.dispose();
    this.#timer = setInterval(() => {
      this.#send();
    }, intervalMs);
  }

  dispose(): void {
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  #send(): void {
    const states = new Map(this.#options.outbox.status().map((state) => [state.target, state]));
    const anchor = this.#readChainAnchor();
    for (const [name, worker] of this.#options.workers()) {
      const state = states.get(name);
      const queue = { target: name, queued: state?.queued ?? 0, dropped: state?.dropped ?? 0 };
      worker.sendHeartbeat(heartbeatEvent(this.#options.identity, queue, anchor));
    }
  }

  #readChainAnchor(): ChainAnchor | null {
    try {
      return this.#options.chainAnchor?.() ?? null;
    } catch (error) {
      this.#logger.warn('could not read the activity log head for the heartbeat', error);
      return null;
    }
  }
}
