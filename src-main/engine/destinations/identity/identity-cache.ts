import type { Logger } from '../../base/logger.ts';
import type { IdentityReader, IdentityTarget, VolumeIdentity } from './volume-identity.ts';

/** How long a list waits for identities by default before it goes on without them. */
export const defaultIdentityWaitMs = 300;

/** Options for a {@link VolumeIdentityCache}. */
export interface VolumeIdentityCacheOptions {
  reader: IdentityReader;
  logger: Logger;
  /**
   * How long `lookup` waits for identities it has to read. Arming must not wait for slow tools
   * (PowerShell and system_profiler take a second or more); identities that arrive later are
   * announced through `onLateIdentity`.
   */
  waitMs: number;
  /** Called when identities arrive after `lookup` stopped waiting for them. */
  onLateIdentity: () => void;
}

interface CacheEntry {
  identity: VolumeIdentity | undefined;
  reading: Promise<void>;
  /** Set when a lookup stopped waiting for this reading: its arrival must be announced. */
  isLate: boolean;
}

/**
 * Remembers the identity of each mounted volume, so that a device is read once per mount rather
 * than on every list. A volume mounted again (a new mount id) or on another device is read again.
 */
export class VolumeIdentityCache {
  readonly #options: VolumeIdentityCacheOptions;
  readonly #entries = new Map<string, CacheEntry>();
  #isDisposed = false;

  constructor(options: VolumeIdentityCacheOptions) {
    this.#options = options;
  }

  /**
   * Identities by mount point: cached ones, and new ones read within the wait. With `untilRead`
   * it waits for every reading however long it takes, for a first list whose completeness
   * matters more than its speed (agent start, the `destinations` command).
   */
  async lookup(
    targets: readonly IdentityTarget[],
    untilRead = false,
  ): Promise<Map<string, VolumeIdentity>> {
    // Forget volumes that are gone; read the new ones in one batch
    const keyed = new Map(targets.map((target) => [cacheKey(target), target]));
    for (const key of this.#entries.keys()) {
      if (!keyed.has(key)) {
        this.#entries.delete(key);
      }
    }
    const missing = [...keyed].filter(([key]) => !this.#entries.has(key));
    if (missing.length > 0) {
      this.#startReading(missing);
    }

    // Wait for the readings, up to the limit
    const readings = [...keyed.keys()].map(
      (key) => this.#entries.get(key)?.reading ?? Promise.resolve(),
    );
    const settled = untilRead
      ? await Promise.all(readings).then(() => true)
      : await waitAtMost(Promise.all(readings), this.#options.waitMs);

    const identities = new Map<string, VolumeIdentity>();
    for (const [key, target] of keyed) {
      const entry = this.#entries.get(key);
      if (entry?.identity !== undefined) {
        identities.set(target.mountPoint, entry.identity);
      } else if (entry !== undefined && !settled) {
        entry.isLate = true;
      }
    }
    if (!settled) {
      this.#options.logger.debug('device identities are late; listing without them for now');
    }
    return identities;
  }

  /** Stops announcing late identities. */
  dispose(): void {
    this.#isDisposed = true;
    this.#entries.clear();
  }

  #startReading(missing: Array<[string, IdentityTarget]>): void {
    const batch = this.#options.reader
      .read(missing.map(([, target]) => target))
      .catch((error: unknown) => {
        // A reader bug must not stop volumes from being armed
        this.#options.logger.error('reading device identities failed', error);
        return new Map<string, VolumeIdentity>();
      });

    // Fill the entries that are still wanted, and announce those a lookup gave up on
    const reading = batch.then((identities) => {
      let isLate = false;
      for (const [key, target] of missing) {
        const entry = this.#entries.get(key);
        if (entry !== undefined) {
          entry.identity = identities.get(target.mountPoint);
          isLate ||= entry.isLate;
        }
      }
      if (isLate && !this.#isDisposed) {
        this.#options.onLateIdentity();
      }
    });
    for (const [key] of missing) {
      this.#entries.set(key, { identity: undefined, reading, isLate: false });
    }
  }
}

function cacheKey(target: IdentityTarget): string {
  const mount = target.mount;
  return [target.mountPoint, mount?.mountId ?? '', mount?.source ?? '', target.device ?? ''].join(
    '\0',
  );
}

/** Resolves true when `promise` settles within `timeoutMs`, false otherwise. */
async function waitAtMost(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
