import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import type { Disposable } from '../../base/disposable.ts';
import type { Logger } from '../../base/logger.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { Confirmation, Transport } from '../transport.ts';
import { backoffDelayMs } from './backoff.ts';

/** The most events sent but not yet confirmed; beyond it, sending waits for confirmations. */
export const maxUnconfirmedEvents = 20_000;

/** How a worker delivers to its target. */
export interface TargetWorkerOptions {
  /** The target's name: its queue in the outbox. */
  target: string;
  transport: Transport;
  outbox: Outbox;
  logger: Logger;
  batchMaxEvents: number;
  retry: { initialDelayMs: number; maxDelayMs: number };
  /** Called after delivered entries left the outbox. */
  onDidDeliver: () => void;
}

/**
 * Delivers one target's queue, oldest first, in batches. A batch leaves the outbox only once
 * the transport confirmed it; a batch that may have been lost is sent again. After a failure the
 * worker waits with exponential backoff and jitter, and keeps the target's state in the outbox
 * for `copywarden status`. A heartbeat waits in a slot of one and goes ahead of the queue.
 */
export class TargetWorker implements Disposable {
  readonly #options: TargetWorkerOptions;
  readonly #logger: Logger;
  /** The highest sequence handed to the transport; the next batch starts after it. */
  #cursor = 0;
  #loop: Promise<void> | null = null;
  /** Set when woken while running, so that work arriving as the loop ends is not missed. */
  #wakeRequested = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #heartbeat: ActivityEvent | null = null;
  readonly #confirmations = new Set<Promise<void>>();
  #unconfirmedEvents = 0;
  #failures = 0;
  #lastReason: string | null = null;
  #disposed = false;

  constructor(options: TargetWorkerOptions) {
    this.#options = options;
    this.#logger = options.logger.child(`Forward:${options.target}`);
  }

  /** Starts delivering, unless already at it or waiting to retry. */
  wake(): void {
    if (this.#disposed || this.#retryTimer !== null) {
      return;
    }
    if (this.#loop !== null) {
      this.#wakeRequested = true;
      return;
    }

    this.#wakeRequested = false;
    this.#loop = this.#run()
      .catch((error: unknown) => {
        // A bug, not a network failure; retrying later keeps it from spinning
        this.#logger.error('the delivery loop failed', error);
        this.#fail(`internal error: ${String(error)}`);
      })
      .finally(() => {
        this.#loop = null;
        if (this.#wakeRequested) {
          this.wake();
        }
      });
  }

  /** Sends `event` ahead of the queue at the next chance; a newer heartbeat replaces it. */
  sendHeartbeat(event: ActivityEvent): void {
    this.#heartbeat = event;
    this.wake();
  }

  /**
   * Stops. A healthy target first gets up to `graceMs` to take what is queued, such as the
   * agent's last events; whatever is left stays in the outbox for the next start.
   */
  async dispose(graceMs = 2_000): Promise<void> {
    if (!this.#disposed && this.#retryTimer === null) {
      this.wake();
      await this.#finishWithin(graceMs);
    }
    this.#disposed = true;
    if (this.#retryTimer !== null) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }

    // Closing the transport ends a delivery in progress and settles confirmations
    await this.#options.transport.dispose();
    await this.#loop;
    await Promise.all(this.#confirmations);
  }

  /** Waits for the delivery loop to run out of work, at most `graceMs`. */
  async #finishWithin(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    while (this.#loop !== null) {
      const expired = await Promise.race([this.#loop.then(() => false), deadline.then(() => true)]);
      if (expired) {
        break;
      }
    }
    clearTimeout(timer);
  }

  async #run(): Promise<void> {
    while (!this.#disposed && this.#retryTimer === null) {
      // Keep the number of unconfirmed events bounded
      if (this.#unconfirmedEvents >= maxUnconfirmedEvents) {
        await Promise.race(this.#confirmations);
        continue;
      }

      // The heartbeat first, then the queue
      const heartbeat = this.#heartbeat;
      const entries = heartbeat === null ? this.#nextEntries() : [];
      const events = heartbeat === null ? entries.map((entry) => entry.event) : [heartbeat];
      if (events.length === 0) {
        return;
      }

      // Deliver
      const result = await this.#options.transport.deliver(events);
      if (!result.ok) {
        this.#fail(result.reason);
        return;
      }
      this.#succeed();
      if (heartbeat !== null) {
        this.#heartbeatSent(heartbeat);
        continue;
      }
      this.#cursor = entries.at(-1)?.sequence ?? this.#cursor;
      this.#track(
        result.confirmed,
        entries.map((entry) => entry.sequence),
      );
    }
  }

  /** The next batch; entries whose stored event cannot be read are dropped here, with a log line. */
  #nextEntries(): { sequence: number; event: ActivityEvent }[] {
    const { outbox, target, batchMaxEvents } = this.#options;
    const entries = outbox.take(target, this.#cursor, batchMaxEvents);

    const unreadable = entries.filter((entry) => entry.event === null);
    if (unreadable.length > 0) {
      this.#logger.error(`dropped ${unreadable.length} outbox entries whose event cannot be read`);
      outbox.acknowledge(
        target,
        unreadable.map((entry) => entry.sequence),
        new Date(),
      );
    }
    return entries.flatMap((entry) =>
      entry.event === null ? [] : [{ sequence: entry.sequence, event: entry.event }],
    );
  }

  /** Removes the batch from the outbox once confirmed, or rewinds to send it again. */
  #track(confirmed: Promise<Confirmation>, sequences: number[]): void {
    this.#unconfirmedEvents += sequences.length;
    const settled = confirmed.then((confirmation) => {
      this.#unconfirmedEvents -= sequences.length;
      if (confirmation.delivered) {
        this.#acknowledge(sequences);
      } else {
        this.#cursor = 0;
        if (!this.#disposed) {
          this.#fail(`a batch may have been lost: ${confirmation.reason}`);
        }
      }
    });
    const tracked = settled.finally(() => this.#confirmations.delete(tracked));
    this.#confirmations.add(tracked);
  }

  #acknowledge(sequences: number[]): void {
    try {
      this.#options.outbox.acknowledge(this.#options.target, sequences, new Date());
      this.#options.onDidDeliver();
    } catch (error) {
      // The entries stay and are sent again: a duplicate, never a loss
      this.#logger.error('could not remove delivered events from the outbox', error);
    }
  }

  #heartbeatSent(heartbeat: ActivityEvent): void {
    if (this.#heartbeat === heartbeat) {
      this.#heartbeat = null;
    }
    this.#options.outbox.recordHeartbeat(this.#options.target, new Date());
  }

  #succeed(): void {
    if (this.#failures > 0) {
      this.#logger.info(`delivering again after ${this.#failures} failed attempts`);
    }
    this.#failures = 0;
    this.#lastReason = null;
  }

  /** Records the failure and schedules a retry, unless one is already scheduled. */
  #fail(reason: string): void {
    this.#cursor = 0;
    if (this.#retryTimer !== null || this.#disposed) {
      return;
    }

    // Back off
    this.#failures += 1;
    const { initialDelayMs, maxDelayMs } = this.#options.retry;
    const delayMs = backoffDelayMs(this.#failures, initialDelayMs, maxDelayMs);
    const now = new Date();
    this.#options.outbox.recordFailure(
      this.#options.target,
      reason,
      now,
      new Date(now.getTime() + delayMs),
    );
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.wake();
    }, delayMs);

    // Say so, once per distinct reason
    const message = `delivery failed (${this.#failures} in a row): ${reason}; retrying in ${Math.round(delayMs)} ms`;
    if (reason !== this.#lastReason) {
      this.#logger.warn(message);
    } else {
      this.#logger.debug(message);
    }
    this.#lastReason = reason;
  }
}
