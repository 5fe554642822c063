import type { BulkBackupCopySettings } from './policy-schema.ts';

/** What the tracker saw when a window crossed a threshold. */
export interface BulkCopyAlert {
  files: number;
  bytes: number;
  windowMinutes: number;
}

interface Copy {
  atMs: number;
  bytes: number;
}

/**
 * Counts the backups a user copies within a sliding window and says when the count or the
 * volume first goes over the policy's thresholds. After an alert it stays quiet until the window
 * drops back under both thresholds, so one large copy raises one alert, not one per file.
 */
export class BulkCopyTracker {
  readonly #settings: () => BulkBackupCopySettings;
  readonly #copies = new Map<string, Copy[]>();
  readonly #alerted = new Set<string>();

  constructor(settings: () => BulkBackupCopySettings) {
    this.#settings = settings;
  }

  /** Notes one backup copied by `user`; returns an alert when this copy crossed a threshold. */
  observe(user: string, bytes: number, nowMs: number = Date.now()): BulkCopyAlert | null {
    const settings = this.#settings();
    const windowMs = settings.windowMinutes * 60_000;

    // Slide the window
    const copies = (this.#copies.get(user) ?? []).filter((copy) => nowMs - copy.atMs < windowMs);
    copies.push({ atMs: nowMs, bytes });
    this.#copies.set(user, copies);

    // Compare with the thresholds
    const totalBytes = copies.reduce((sum, copy) => sum + copy.bytes, 0);
    const over = copies.length > settings.maxFiles || totalBytes > settings.maxBytes;
    if (!over) {
      this.#alerted.delete(user);
      return null;
    }
    if (this.#alerted.has(user)) {
      return null;
    }
    this.#alerted.add(user);
    return { files: copies.length, bytes: totalBytes, windowMinutes: settings.windowMinutes };
  }
}
