import type { Disposable } from './base/disposable.ts';
import type { Logger } from './base/logger.ts';
import type { Destination } from './destinations/destination.ts';
import { DestinationMonitor } from './destinations/destination-monitor.ts';
import { createDestinationSources } from './destinations/create-destination-sources.ts';
import type { Policy } from './policy/policy-schema.ts';
import type { WatchBackend } from './watch/watch-backend.ts';
import {
  createWatchBackend,
  type CreateWatchBackendOptions,
} from './watch/create-watch-backend.ts';

/** Options for the destination watch. */
export interface DestinationWatchOptions {
  logger: Logger;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  watchBackend?: CreateWatchBackendOptions['prefer'];
  /** Called for each file whose write finished on an armed destination. */
  onFile(path: string, destination: Destination): void;
}

/**
 * Files changed this long before a destination was noticed still count as landed on it: the
 * time between a mount and the moment it is noticed, with room for clock granularity.
 */
const catchUpMarginMs = 2_000;

/**
 * Keeps the watcher armed on exactly the destinations the policy covers: arms each one as it
 * appears (with a catch-up scan for files that landed before it was armed), disarms it when it
 * goes, and rebuilds the set when the policy's destination settings change.
 */
export class DestinationWatch implements Disposable {
  readonly #options: DestinationWatchOptions;
  readonly #logger: Logger;
  readonly #watcher: WatchBackend;
  readonly #armed = new Map<string, Destination>();
  readonly #arming = new Map<string, Promise<void>>();
  /** Destinations that could not be watched, by root, with the reason. */
  readonly #failures = new Map<string, string>();
  #monitor: DestinationMonitor | null = null;
  #settings = '';

  constructor(options: DestinationWatchOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Destinations');
    this.#watcher = createWatchBackend({
      logger: options.logger,
      ...(options.watchBackend !== undefined && { prefer: options.watchBackend }),
    });

    this.#watcher.onDidFinishWrite((write) => {
      const destination = this.#armed.get(write.root);
      if (destination !== undefined) {
        options.onFile(write.path, destination);
      }
    });
    this.#watcher.onDidFail((failure) => {
      this.#logger.warn(`stopped watching ${failure.root}: ${failure.message}`);
      this.#armed.delete(failure.root);
      this.#failures.set(failure.root, failure.message);
    });
  }

  get backendName(): string {
    return this.#watcher.name;
  }

  /** What keeps a destination that is still there from being watched, one sentence each. */
  problems(): string[] {
    return [...this.#failures].map(([root, message]) => `${root} cannot be watched: ${message}`);
  }

  /** The destinations armed now. */
  armed(): Destination[] {
    return [...this.#armed.values()];
  }

  /**
   * Discovers the destinations the policy covers and arms them. Files present at start are
   * caught up when they changed after `catchUpSinceMs` (by default, just before now).
   */
  async start(policy: Policy, catchUpSinceMs?: number): Promise<void> {
    this.#settings = destinationSettings(policy);
    const monitor = new DestinationMonitor({
      sources: createDestinationSources(policy, {
        logger: this.#options.logger,
        home: this.#options.home,
        env: this.#options.env,
      }),
      logger: this.#options.logger,
    });
    this.#monitor = monitor;

    // Destinations found while starting catch up from `catchUpSinceMs`, later ones from now
    const startSinceMs = Math.min(catchUpSinceMs ?? Infinity, Date.now() - catchUpMarginMs);
    let starting = true;
    monitor.onDidAdd((destination) => {
      void this.#arm(destination, starting ? startSinceMs : Date.now() - catchUpMarginMs);
    });
    monitor.onDidRemove((destination) => void this.#disarm(destination));
    monitor.onDidUpdate((destination) => {
      // Details such as the device identity can arrive after the mount itself.
      if (this.#armed.has(destination.path)) {
        this.#armed.set(destination.path, destination);
      }
    });
    await monitor.start();
    await Promise.all(monitor.current().map((destination) => this.#arm(destination, startSinceMs)));
    starting = false;
  }

  /** Rebuilds the destinations when the policy's destination settings changed. */
  async applyPolicy(policy: Policy): Promise<void> {
    if (destinationSettings(policy) === this.#settings) {
      return;
    }
    this.#logger.info('destination settings changed; discovering destinations again');
    await this.#stopMonitor();
    await this.start(policy);
  }

  async dispose(): Promise<void> {
    await this.#stopMonitor();
    await this.#watcher.dispose();
  }

  /** Arms a destination once; a second call while it is being armed waits for the first. */
  #arm(destination: Destination, sinceMs: number): Promise<void> {
    const pending = this.#arming.get(destination.path);
    if (pending !== undefined) {
      return pending;
    }
    if (this.#armed.has(destination.path)) {
      return Promise.resolve();
    }

    const arming = this.#armNow(destination, sinceMs).finally(() => {
      this.#arming.delete(destination.path);
    });
    this.#arming.set(destination.path, arming);
    return arming;
  }

  async #armNow(destination: Destination, sinceMs: number): Promise<void> {
    this.#armed.set(destination.path, destination);
    try {
      this.#failures.delete(destination.path);
      await this.#watcher.add(destination.path, { sinceMs });
      this.#logger.info(
        `armed ${destination.kind} ${destination.path} (${destination.evidence.join('; ')})`,
      );
    } catch (error) {
      this.#armed.delete(destination.path);
      this.#failures.set(destination.path, error instanceof Error ? error.message : String(error));
      this.#logger.warn(`could not arm ${destination.path}`, error);
    }
  }

  async #disarm(destination: Destination): Promise<void> {
    this.#armed.delete(destination.path);
    this.#failures.delete(destination.path);
    await this.#watcher.remove(destination.path);
    this.#logger.info(`disarmed ${destination.path}`);
  }

  async #stopMonitor(): Promise<void> {
    await this.#monitor?.dispose();
    this.#monitor = null;
    for (const destination of this.armed()) {
      await this.#disarm(destination);
    }
  }
}

/** The part of the policy that decides which destinations exist. */
function destinationSettings(policy: Policy): string {
  return JSON.stringify([
    policy.removableVolumes.monitor,
    policy.removableVolumes.mountRoots ?? null,
    policy.cloudSync.monitor,
    policy.networkShares.monitor,
    policy.backupAccess,
    policy.repositories.length > 0,
  ]);
}
