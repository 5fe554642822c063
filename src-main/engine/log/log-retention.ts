import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Disposable } from '../base/disposable.ts';
import type { Logger } from '../base/logger.ts';
import type { ActivityLog } from './activity-log.ts';
import type { RetentionSettings } from './retention.ts';

/** How to schedule retention. */
export interface LogRetentionOptions {
  log: ActivityLog;
  /** The settings in force, read at each run (the policy's `activityLog` section). */
  settings: () => RetentionSettings;
  logger: Logger;
  /** Time between runs; a day by default. */
  intervalMs?: number;
}

/** Time between retention runs by default. */
export const retentionIntervalMs = 24 * 60 * 60 * 1000;

/**
 * Applies the log's retention settings when started and then daily. A failed run (the database
 * busy, the disk full) is logged and tried again at the next one; it never stops the agent.
 */
export class LogRetention implements Disposable {
  readonly #options: LogRetentionOptions;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: LogRetentionOptions) {
    this.#options = options;
    this.#logger = options.logger.child('LogRetention');
  }

  /** Runs once now, then every interval. */
  start(): void {
    this.runNow();
    this.#timer = setInterval(() => {
      this.runNow();
    }, this.#options.intervalMs ?? retentionIntervalMs);
    this.#timer.unref();
  }

  /** One run; returns the checkpoint it wrote, or null when nothing was due or it failed. */
  runNow(now: Date = new Date()): ActivityEvent | null {
    const settings = this.#options.settings();
    try {
      const checkpoint = this.#options.log.applyRetention(settings, now);
      if (checkpoint !== null) {
        this.#logger.info(`removed old records: ${checkpoint.message}`);
      }
      return checkpoint;
    } catch (error) {
      this.#logger.warn('retention failed; it runs again at the next interval', error);
      return null;
    }
  }

  dispose(): void {
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }
}
