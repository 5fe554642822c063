import type { Disposable } from './disposable.ts';

/**
 * Runs async jobs with at most `concurrency` at a time, in arrival order, so that a copy of
 * ten thousand files does not open ten thousand files at once. Job errors go to `onError`.
 */
export class WorkQueue implements Disposable {
  readonly #concurrency: number;
  readonly #onError: (error: unknown) => void;
  readonly #waiting: (() => Promise<void>)[] = [];
  readonly #idleWaiters: (() => void)[] = [];
  #running = 0;
  #disposed = false;

  constructor(concurrency: number, onError: (error: unknown) => void) {
    this.#concurrency = concurrency;
    this.#onError = onError;
  }

  /** Queues a job. Jobs queued after dispose are dropped. */
  push(job: () => Promise<void>): void {
    if (this.#disposed) {
      return;
    }
    this.#waiting.push(job);
    this.#pump();
  }

  /** The number of jobs running or waiting. */
  get size(): number {
    return this.#running + this.#waiting.length;
  }

  /** Resolves when no job is running or waiting. */
  idle(): Promise<void> {
    if (this.size === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops waiting jobs and resolves when the running ones have finished. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#waiting.length = 0;
    await this.idle();
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const job = this.#waiting.shift();
      if (job === undefined) {
        break;
      }
      this.#running++;
      job()
        .catch(this.#onError)
        .finally(() => {
          this.#running--;
          this.#pump();
          this.#notifyIdle();
        });
    }
  }

  #notifyIdle(): void {
    if (this.size === 0) {
      for (const resolve of this.#idleWaiters.splice(0)) {
        resolve();
      }
    }
  }
}
