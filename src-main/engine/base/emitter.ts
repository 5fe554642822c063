import type { Disposable } from './disposable.ts';

/** A subscription function: pass a listener, get back a disposable that unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A minimal typed event emitter. Listener errors are reported to `onListenerError` instead of
 * breaking the emitter's other listeners.
 */
export class Emitter<T> implements Disposable {
  readonly #listeners = new Set<(value: T) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = reportListenerError) {
    this.#onListenerError = onListenerError;
  }

  /** Subscribes a listener. */
  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return {
      dispose: () => {
        this.#listeners.delete(listener);
      },
    };
  };

  fire(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  dispose(): void {
    this.#listeners.clear();
  }
}

function reportListenerError(error: unknown): void {
  console.error('[Emitter]: listener failed', error);
}
