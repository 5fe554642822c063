import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import type { Logger } from '../../base/logger.ts';
import type { Identity } from '../../identity.ts';
import { overflowEndedEvent, overflowStartedEvent } from '../forwarder-events.ts';
import type { Outbox, OutboxBound } from '../outbox/outbox.ts';

/** What overflow episodes need. */
export interface OverflowEpisodesOptions {
  outbox: Outbox;
  logger: Logger;
  identity: Identity;
  /** Records an event in the activity log (which may queue it for the SIEM in turn). */
  record: (event: ActivityEvent) => void;
}

/**
 * Makes every drop by the outbox bound visible, without flooding: an episode (a target's outbox
 * dropping events) is logged and recorded once as it starts, and once more, with the count of
 * events lost, when the target has room again. The count itself lives in the outbox.
 */
export class OverflowEpisodes {
  readonly #options: OverflowEpisodesOptions;
  readonly #logger: Logger;
  /** Targets in an episode; episodes a previous run left open are picked up from the outbox. */
  readonly #overflowing = new Set<string>();

  constructor(options: OverflowEpisodesOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Forward');
    for (const target of options.outbox.status()) {
      if (target.overflowSince !== null) {
        this.#overflowing.add(target.target);
      }
    }
  }

  /** Notes that `count` events of `target` gave way; starts an episode if none runs. */
  noteDropped(target: string, count: number, bound: OutboxBound): void {
    if (this.#overflowing.has(target)) {
      this.#logger.debug(`the outbox for ${target} dropped ${count} more events`);
      return;
    }

    this.#overflowing.add(target);
    this.#logger.warn(
      `the outbox for ${target} is full (${bound.maxEvents} events); applying ${bound.overflow}`,
    );
    this.#record(overflowStartedEvent(this.#options.identity, target, bound));
  }

  /** Ends the target's episode once its queue has room again, and records what it dropped. */
  checkEnded(target: string, bound: OutboxBound): void {
    if (!this.#overflowing.has(target)) {
      return;
    }
    if (this.#options.outbox.queued(target) >= bound.maxEvents) {
      return;
    }

    this.#overflowing.delete(target);
    const episode = this.#options.outbox.endOverflow(target);
    if (episode === null) {
      return;
    }
    this.#logger.warn(
      `the outbox for ${target} has room again; it dropped ${episode.dropped} events since ${episode.since}`,
    );
    this.#record(overflowEndedEvent(this.#options.identity, target, episode));
  }

  #record(event: ActivityEvent): void {
    try {
      this.#options.record(event);
    } catch (error) {
      this.#logger.error('could not record a forwarding event', error);
    }
  }
}
