/** Something that holds a resource (a watcher, a timer, a process, a handle) until disposed. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/**
 * Collects disposables where they are created and disposes them together, newest first, so
 * that nothing that watches outlives its owner.
 */
export class DisposableStore implements Disposable {
  readonly #items: Disposable[] = [];
  #disposed = false;

  /** Registers `item` and returns it; disposes it at once if the store is already disposed. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) {
      void item.dispose();
      return item;
    }
    this.#items.push(item);
    return item;
  }

  /** Removes `item` from the store without disposing it. */
  delete(item: Disposable): void {
    const index = this.#items.indexOf(item);
    if (index >= 0) {
      this.#items.splice(index, 1);
    }
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const items = this.#items.splice(0).reverse();
    for (const item of items) {
      await item.dispose();
    }
  }
}

/** Wraps a cleanup function as a disposable. */
export function toDisposable(cleanup: () => void | Promise<void>): Disposable {
  return { dispose: cleanup };
}
