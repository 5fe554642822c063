import { readdir } from 'node:fs/promises';

import type { Disposable } from '../../base/disposable.ts';
import { Emitter, type Event } from '../../base/emitter.ts';
import type { Destination } from '../destination.ts';
import { listGvfsDevices } from './gvfs-devices.ts';
import { defaultSysfsRoot } from './linux-sysfs.ts';

/** How often gvfs folders are listed by default. */
export const defaultGvfsPollIntervalMs = 1_000;

/** Options for a {@link GvfsDeviceSource}. */
export interface GvfsDeviceSourceOptions {
  /** Lists the gvfs folders to look into; sessions come and go, so it is asked on every poll. */
  listRoots: () => Promise<readonly string[]>;
  /** How often the folders are listed. */
  pollIntervalMs: number;
  /** Where sysfs is, for the devices' USB ids; tests point it at a recorded tree. */
  sysfsRoot?: string;
}

/**
 * The phones and cameras in gvfs folders, and a signal when one comes or goes. gvfs creates its
 * device folders inside its own FUSE mount without any file event and without a mount of their
 * own, so only listing the folders sees them; a listing is a readdir of a few entries.
 */
export class GvfsDeviceSource implements Disposable {
  readonly #options: GvfsDeviceSourceOptions;
  readonly #onDidChange = new Emitter<void>();
  #timer: NodeJS.Timeout | undefined;
  #lastListing: string | null = null;
  #isPolling = false;
  #isDisposed = false;

  /** Fires when the entries of a gvfs folder changed. */
  readonly onDidChange: Event<void> = this.#onDidChange.event;

  constructor(options: GvfsDeviceSourceOptions) {
    this.#options = options;
  }

  /** Takes the first listing and starts polling. */
  async start(): Promise<void> {
    this.#lastListing = await this.#listing();
    if (!this.#isDisposed) {
      this.#timer = setInterval(() => void this.#poll(), this.#options.pollIntervalMs);
    }
  }

  /** The devices present now, as removable-volume destinations. */
  async list(): Promise<Destination[]> {
    const destinations: Destination[] = [];
    for (const root of await this.#options.listRoots()) {
      destinations.push(
        ...(await listGvfsDevices(root, this.#options.sysfsRoot ?? defaultSysfsRoot)),
      );
    }
    return destinations;
  }

  dispose(): void {
    this.#isDisposed = true;
    clearInterval(this.#timer);
    this.#onDidChange.dispose();
  }

  async #poll(): Promise<void> {
    // Skip a tick while the previous listing is still running (a FUSE daemon can be slow)
    if (this.#isPolling) {
      return;
    }
    this.#isPolling = true;

    try {
      const listing = await this.#listing();
      if (!this.#isDisposed && listing !== this.#lastListing) {
        this.#lastListing = listing;
        this.#onDidChange.fire();
      }
    } finally {
      this.#isPolling = false;
    }
  }

  async #listing(): Promise<string> {
    const listings: Array<[string, string[]]> = [];
    for (const root of await this.#options.listRoots()) {
      const names = await readdir(root).catch(() => []);
      listings.push([root, names.sort()]);
    }
    return JSON.stringify(listings);
  }
}
