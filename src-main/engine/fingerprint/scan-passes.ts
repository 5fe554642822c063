import type { Disposable } from '../base/disposable.ts';

/**
 * Runs passes over the repositories one at a time: a pass requested while one runs follows it,
 * and a finished pass schedules the next after `intervalMs`. The timer does not keep the
 * process alive.
 */
export class ScanPasses implements Disposable {
  readonly #runPass: (isStopped: () => boolean) => Promise<void>;
  readonly #intervalMs: number;
  #running: Promise<void> | null = null;
  #requested = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(runPass: (isStopped: () => boolean) => Promise<void>, intervalMs: number) {
    this.#runPass = runPass;
    this.#intervalMs = intervalMs;
  }

  /** Runs a pass now, or right after the one under way. */
  request(): void {
    if (this.#stopped) {
      return;
    }
    this.#requested = true;
    this.#clearTimer();
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
      this.#scheduleNext();
    });
  }

  /** Resolves when no pass runs or waits. */
  async whenIdle(): Promise<void> {
    while (this.#running !== null) {
      await this.#running;
    }
  }

  /** Stops scheduling; the pass under way sees `isStopped()` and ends early. */
  async dispose(): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    await this.whenIdle();
  }

  async #run(): Promise<void> {
    // Let the caller return before any file-system work begins
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#requested && !this.#isStopped()) {
      this.#requested = false;
      await this.#runPass(() => this.#isStopped());
    }
  }

  /** A method, so that no check of it is narrowed across an await. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  #scheduleNext(): void {
    if (this.#stopped || this.#running !== null) {
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.request();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
