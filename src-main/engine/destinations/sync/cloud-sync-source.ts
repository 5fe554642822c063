import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';

import { DisposableStore } from '../../base/disposable.ts';
import { Emitter, type Event } from '../../base/emitter.ts';
import type { Logger } from '../../base/logger.ts';
import type { Destination, DestinationSource } from '../destination.ts';
import { allSyncProviders } from './providers.ts';
import {
  hostPath,
  isDirectory,
  pathApiFor,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { queryRegistryWithReg } from './windows-registry.ts';

/** How often the providers' files are checked for changes by default. */
export const defaultCloudSyncPollIntervalMs = 3_000;

/** Options for a {@link CloudSyncSource}. */
export interface CloudSyncSourceOptions {
  /** The user's home folder; defaults to the running user's. */
  home?: string;
  /** The platform whose clients are looked for; defaults to the running one. */
  platform?: NodeJS.Platform;
  /** The user's environment (`%APPDATA%`, `%OneDrive%`, ...); defaults to this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** How often the providers' config files and folders are checked for changes. */
  pollIntervalMs?: number;
  /** Runs `reg query <key> /s`; defaults to `reg.exe` on Windows and to nothing elsewhere. */
  queryRegistry?: (key: string) => Promise<string | null>;
  /** The providers to discover; defaults to all. */
  providers?: readonly SyncProvider[];
}

/**
 * The sync folders of cloud clients, found from the clients' own files. Only folders that
 * exist are listed. Changes are noticed by polling the status of the providers' config files
 * and of the folders last found.
 */
export class CloudSyncSource implements DestinationSource {
  readonly #context: SyncContext;
  readonly #providers: readonly SyncProvider[];
  readonly #onDidChange = new Emitter<void>();
  readonly #disposables = new DisposableStore();
  #listedPaths: string[] = [];
  #lastSignature: string | null = null;
  #isPolling = false;

  readonly onDidChange: Event<void> = this.#onDidChange.event;

  constructor(options: CloudSyncSourceOptions) {
    const platform = options.platform ?? process.platform;
    this.#context = {
      platform,
      home: options.home ?? homedir(),
      env: options.env ?? process.env,
      path: pathApiFor(platform),
      logger: options.logger.child('CloudSync'),
      queryRegistry: options.queryRegistry ?? queryRegistryWithReg,
    };
    this.#providers = options.providers ?? allSyncProviders;
    this.#disposables.add(this.#onDidChange);

    // Poll the providers' files
    const timer = setInterval(
      () => void this.#poll(),
      options.pollIntervalMs ?? defaultCloudSyncPollIntervalMs,
    );
    this.#disposables.add({
      dispose: () => {
        clearInterval(timer);
      },
    });
    void this.#poll();
  }

  async list(): Promise<Destination[]> {
    const destinations: Destination[] = [];
    const seenPaths = new Set<string>();

    for (const provider of this.#providers) {
      for (const folder of await this.#discover(provider)) {
        // One destination per folder: the first provider route that names it wins
        const key = this.#pathKey(folder.path);
        if (seenPaths.has(key) || !(await this.#exists(folder))) {
          continue;
        }
        seenPaths.add(key);
        destinations.push(toDestination(folder, provider));
      }
    }

    this.#listedPaths = destinations.map((destination) => destination.path);
    return destinations;
  }

  async dispose(): Promise<void> {
    await this.#disposables.dispose();
  }

  async #discover(provider: SyncProvider): Promise<SyncFolder[]> {
    try {
      return await provider.discover(this.#context);
    } catch (error) {
      // A provider bug must not hide the other providers' folders
      this.#context.logger.error(`Discovering ${provider.name} folders failed`, error);
      return [];
    }
  }

  async #exists(folder: SyncFolder): Promise<boolean> {
    if (await isDirectory(this.#context, folder.path)) {
      return true;
    }
    if (folder.origin === 'config') {
      this.#context.logger.warn(
        `Skipping ${folder.path}: it does not exist (${folder.evidence.join('; ')})`,
      );
    }
    return false;
  }

  /** Paths compare case-insensitively where the platform's filesystems usually do. */
  #pathKey(path: string): string {
    const normalised = this.#context.path.normalize(path);
    return this.#context.platform === 'linux' ? normalised : normalised.toLowerCase();
  }

  /** Compares the status of every watched file and listed folder with the last poll. */
  async #poll(): Promise<void> {
    if (this.#isPolling) {
      return;
    }
    this.#isPolling = true;

    try {
      const paths = [
        ...this.#providers.flatMap((provider) =>
          provider.watchedPaths(this.#context).map((watched) => watched.path),
        ),
        ...this.#listedPaths,
      ];
      const states = await Promise.all(paths.map((path) => this.#statusOf(path)));
      const signature = JSON.stringify(states);

      // The first poll only takes the baseline
      const changed = this.#lastSignature !== null && signature !== this.#lastSignature;
      this.#lastSignature = signature;
      if (changed && !this.#disposables.isDisposed) {
        this.#onDidChange.fire();
      }
    } finally {
      this.#isPolling = false;
    }
  }

  async #statusOf(path: string): Promise<string> {
    try {
      const stats = await stat(hostPath(this.#context, path));
      return `${path}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch {
      return `${path}:absent`;
    }
  }
}

/** The destination of one sync folder. */
function toDestination(folder: SyncFolder, provider: SyncProvider): Destination {
  const qualifier = folder.account.organisation ?? folder.account.email ?? folder.account.type;
  return {
    id: `cloud:${folder.provider}:${folder.account.type}:${folder.path}`,
    kind: 'cloud-sync',
    path: folder.path,
    label: `${provider.name} (${qualifier})`,
    provider: folder.provider,
    account: folder.account,
    device: null,
    evidence: folder.evidence,
  };
}
