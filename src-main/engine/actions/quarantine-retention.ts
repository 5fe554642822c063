import type { Disposable } from '../base/disposable.ts';
import type { QuarantineSettings } from '../policy/policy-schema.ts';
import type { Quarantine, QuarantineEntry } from './quarantine.ts';

/** How often the quarantine's age and size limits are applied. */
export const retentionIntervalMs = 6 * 60 * 60 * 1000;

/**
 * Applies the quarantine's age and size limits at start and every few hours, reporting each
 * entry it deletes so that the deletion is recorded.
 */
export class QuarantineRetention implements Disposable {
  readonly #quarantine: Quarantine;
  readonly #settings: () => QuarantineSettings;
  readonly #onDidPurge: (entry: QuarantineEntry) => void;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    quarantine: Quarantine,
    settings: () => QuarantineSettings,
    onDidPurge: (entry: QuarantineEntry) => void,
  ) {
    this.#quarantine = quarantine;
    this.#settings = settings;
    this.#onDidPurge = onDidPurge;
  }

  /** Applies the limits now, then periodically. */
  async start(): Promise<void> {
    await this.apply();
    this.#timer = setInterval(() => void this.apply(), retentionIntervalMs);
    this.#timer.unref();
  }

  async apply(): Promise<void> {
    for (const entry of await this.#quarantine.applyLimits(this.#settings())) {
      this.#onDidPurge(entry);
    }
  }

  dispose(): void {
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }
}
