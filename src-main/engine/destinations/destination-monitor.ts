import { DisposableStore, type Disposable } from '../base/disposable.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import type { Destination, DestinationSource } from './destination.ts';

/** How long change signals are gathered before sources are listed again, by default. */
export const defaultCoalesceMs = 25;

/** Options for a {@link DestinationMonitor}. */
export interface DestinationMonitorOptions {
  /** The sources to combine; the monitor disposes them with itself. */
  sources: readonly DestinationSource[];
  logger: Logger;
  /** How long change signals are gathered before the changed sources are listed again. */
  coalesceMs?: number;
}

/**
 * Combines destination sources into one current set, and reports destinations as they appear
 * and go. A source is listed again after it signals a change; bursts of signals are gathered,
 * and lists never overlap. A source whose list fails keeps its previous destinations.
 */
export class DestinationMonitor implements Disposable {
  readonly #sources: readonly DestinationSource[];
  readonly #logger: Logger;
  readonly #coalesceMs: number;
  readonly #disposables = new DisposableStore();
  readonly #onDidAdd = new Emitter<Destination>();
  readonly #onDidRemove = new Emitter<Destination>();
  readonly #onDidUpdate = new Emitter<Destination>();
  readonly #listed = new Map<DestinationSource, Destination[]>();
  readonly #dirtySources = new Set<DestinationSource>();
  #current = new Map<string, Destination>();
  #refreshTimer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | null = null;

  /** Fires for each destination that appeared (including those found by `start`). */
  readonly onDidAdd: Event<Destination> = this.#onDidAdd.event;
  /** Fires for each destination that went away. */
  readonly onDidRemove: Event<Destination> = this.#onDidRemove.event;
  /** Fires when a destination kept its id but its details changed (device identity, evidence). */
  readonly onDidUpdate: Event<Destination> = this.#onDidUpdate.event;

  constructor(options: DestinationMonitorOptions) {
    this.#sources = options.sources;
    this.#logger = options.logger.child('DestinationMonitor');
    this.#coalesceMs = options.coalesceMs ?? defaultCoalesceMs;
    for (const emitter of [this.#onDidAdd, this.#onDidRemove, this.#onDidUpdate]) {
      this.#disposables.add(emitter);
    }
  }

  /** Lists every source and starts following their changes; resolves after the first list. */
  async start(): Promise<void> {
    // Follow changes first, so that none falls between the list and the subscription
    for (const source of this.#sources) {
      this.#disposables.add(source);
      this.#disposables.add(
        source.onDidChange(() => {
          this.#markDirty(source);
        }),
      );
      this.#dirtySources.add(source);
    }

    await this.#refresh();
  }

  /** The destinations present at the last list. */
  current(): Destination[] {
    return [...this.#current.values()];
  }

  async dispose(): Promise<void> {
    clearTimeout(this.#refreshTimer);
    await this.#refreshing?.catch(() => undefined);
    await this.#disposables.dispose();
  }

  /** A method, not the getter, so that checks after an await are not narrowed away. */
  #isDisposed(): boolean {
    return this.#disposables.isDisposed;
  }

  #markDirty(source: DestinationSource): void {
    this.#dirtySources.add(source);
    if (this.#refreshTimer !== undefined || this.#disposables.isDisposed) {
      return;
    }
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = undefined;
      void this.#refresh();
    }, this.#coalesceMs);
  }

  /** Lists the changed sources until none is left changed; one run at a time. */
  #refresh(): Promise<void> {
    if (this.#refreshing !== null) {
      // The running pass picks up sources marked meanwhile
      return this.#refreshing;
    }
    this.#refreshing = this.#runRefresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #runRefresh(): Promise<void> {
    while (this.#dirtySources.size > 0 && !this.#disposables.isDisposed) {
      // Take the changed sources and list them together
      const sources = [...this.#dirtySources];
      this.#dirtySources.clear();
      await Promise.all(sources.map((source) => this.#listSource(source)));

      // Report the difference, unless disposed while listing
      if (!this.#isDisposed()) {
        this.#applyDifference();
      }
    }
  }

  async #listSource(source: DestinationSource): Promise<void> {
    try {
      this.#listed.set(source, await source.list());
    } catch (error) {
      this.#logger.error('A destination source failed to list; keeping its last list', error);
    }
  }

  #applyDifference(): void {
    // The new set, by id; the first source to name an id wins
    const next = new Map<string, Destination>();
    for (const source of this.#sources) {
      for (const destination of this.#listed.get(source) ?? []) {
        if (!next.has(destination.id)) {
          next.set(destination.id, destination);
        }
      }
    }

    // Compare with the current set
    const previous = this.#current;
    this.#current = next;
    for (const [id, destination] of previous) {
      if (!next.has(id)) {
        this.#logger.info(`Destination gone: ${id}`);
        this.#onDidRemove.fire(destination);
      }
    }
    for (const [id, destination] of next) {
      const before = previous.get(id);
      if (before === undefined) {
        this.#logger.info(`Destination found: ${id} (${destination.evidence.join('; ')})`);
        this.#onDidAdd.fire(destination);
      } else if (JSON.stringify(before) !== JSON.stringify(destination)) {
        this.#onDidUpdate.fire(destination);
      }
    }
  }
}
