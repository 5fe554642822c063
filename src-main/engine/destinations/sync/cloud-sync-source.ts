import { homedir } from 'node:os';

import { DisposableStore } from '../../base/disposable.ts';
import { Emitter, type Event } from '../../base/emitter.ts';
import type { Logger } from '../../base/logger.ts';
import type { Destination, DestinationSource } from '../destination.ts';
import { defaultMountInfoPath } from '../mountinfo.ts';
import { mountsSignature, pathsSignature, registrySignature } from './change-signature.ts';
import { mergeFolders } from './folder-merge.ts';
import {
  readExtendedAttributeWithXattr,
  type ExtendedAttributeResult,
} from './mac-extended-attributes.ts';
import { providerDisplayName } from './provider-names.ts';
import { allSyncProviders } from './providers.ts';
import {
  pathApiFor,
  type SyncContext,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { isDirectory } from './sync-reads.ts';
import { queryRegistryWithReg } from './windows-registry.ts';
import { createCurrentUserSid } from './windows-user.ts';

/** How often the providers' files and mounts are checked for changes by default. */
export const defaultCloudSyncPollIntervalMs = 3_000;

/** How often the watched registry keys are queried by default; each query runs `reg.exe`. */
export const defaultRegistryPollIntervalMs = 15_000;

/** Options for a {@link CloudSyncSource}. */
export interface CloudSyncSourceOptions {
  /** The user's home folder; defaults to the running user's. */
  home?: string;
  /** The platform whose clients are looked for; defaults to the running one. */
  platform?: NodeJS.Platform;
  /** The user's environment (`%APPDATA%`, `%OneDrive%`, ...); defaults to this process's. */
  env?: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** How often the providers' config files, folders and mounts are checked for changes. */
  pollIntervalMs?: number;
  /** How often the providers' registry keys are checked for changes (Windows). */
  registryPollIntervalMs?: number;
  /** Runs `reg query <key> /s`; defaults to `reg.exe` on Windows and to nothing elsewhere. */
  queryRegistry?: (key: string) => Promise<string | null>;
  /** The running user's SID; defaults to asking `whoami` on Windows. */
  currentUserSid?: () => Promise<string | null>;
  /** Reads a macOS extended attribute; defaults to `/usr/bin/xattr` on macOS. */
  readExtendedAttribute?: (path: string, name: string) => Promise<ExtendedAttributeResult>;
  /** The mount table; defaults to `/proc/self/mountinfo` on Linux. Null where there is none. */
  mountInfoPath?: string | null;
  /** The discovery routes; defaults to all. */
  providers?: readonly SyncProvider[];
}

/**
 * The sync folders of cloud clients, found from the clients' own files, the OS's sync-root
 * registrations and cloud mounts. Only folders that exist are listed, one destination per
 * folder. Changes are noticed by polling the status of the providers' config files and of the
 * folders last found, the cloud mounts, and (less often) the providers' registry keys.
 */
export class CloudSyncSource implements DestinationSource {
  readonly #context: SyncContext;
  readonly #providers: readonly SyncProvider[];
  readonly #registryPollIntervalMs: number;
  readonly #onDidChange = new Emitter<void>();
  readonly #disposables = new DisposableStore();
  #listedPaths: string[] = [];
  #lastSignature: string | null = null;
  #registryState = { signature: '', takenAtMs: -Infinity };
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
      currentUserSid: options.currentUserSid ?? createCurrentUserSid(),
      readExtendedAttribute: options.readExtendedAttribute ?? readExtendedAttributeWithXattr,
      mountInfoPath:
        options.mountInfoPath === undefined
          ? platform === 'linux'
            ? defaultMountInfoPath
            : null
          : options.mountInfoPath,
    };
    this.#providers = options.providers ?? allSyncProviders;
    this.#registryPollIntervalMs = options.registryPollIntervalMs ?? defaultRegistryPollIntervalMs;
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
    // Every route's folders, merged by path
    const found = await Promise.all(this.#providers.map((provider) => this.#discover(provider)));
    const { folders, conflicts } = mergeFolders(found.flat(), (path) => this.#pathKey(path));
    for (const conflict of conflicts) {
      this.#context.logger.info(`Two providers sync one folder: ${conflict}`);
    }

    // Those that exist
    const destinations: Destination[] = [];
    for (const folder of folders) {
      if (!this.#isWatchable(folder)) {
        continue;
      }
      if (await this.#exists(folder)) {
        destinations.push(toDestination(folder));
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

  /**
   * A config file naming `/` would make the engine watch the whole filesystem; a user who can
   * edit the file could use that to exhaust the agent. Windows drive roots stay allowed: pCloud
   * and Google Drive mount virtual drives there.
   */
  #isWatchable(folder: SyncFolder): boolean {
    if (this.#context.platform === 'win32' || this.#context.path.normalize(folder.path) !== '/') {
      return true;
    }
    this.#context.logger.warn(
      `Not watching / as a sync folder (${folder.evidence.join('; ')}): the whole filesystem`,
    );
    return false;
  }

  /** Paths compare case-insensitively where the platform's filesystems usually do. */
  #pathKey(path: string): string {
    const normalised = this.#context.path.normalize(path);
    return this.#context.platform === 'linux' ? normalised : normalised.toLowerCase();
  }

  /** Compares the watched files, listed folders, mounts and registry keys with the last poll. */
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
      const signature = [
        await pathsSignature(this.#context, paths),
        await mountsSignature(this.#context, this.#providers),
        await this.#registrySignature(),
      ].join('\n');

      // The first poll only takes the baseline
      const changed = this.#lastSignature !== null && signature !== this.#lastSignature;
      this.#lastSignature = signature;
      if (changed && !this.#disposables.isDisposed) {
        this.#onDidChange.fire();
      }
    } catch (error) {
      this.#context.logger.error('Checking the sync providers for changes failed', error);
    } finally {
      this.#isPolling = false;
    }
  }

  /** The registry part of the signature, taken again once its interval has passed. */
  async #registrySignature(): Promise<string> {
    const nowMs = Date.now();
    if (nowMs - this.#registryState.takenAtMs >= this.#registryPollIntervalMs) {
      this.#registryState = {
        signature: await registrySignature(this.#context, this.#providers),
        takenAtMs: nowMs,
      };
    }
    return this.#registryState.signature;
  }
}

/** The destination of one sync folder. */
function toDestination(folder: SyncFolder): Destination {
  const { account } = folder;
  const qualifier = account.organisation ?? account.email ?? account.type;
  return {
    id: `cloud:${folder.provider}:${account.type}:${folder.path}`,
    kind: 'cloud-sync',
    path: folder.path,
    label: `${providerDisplayName(folder.provider, folder.productName)} (${qualifier})`,
    provider: folder.provider,
    account,
    device: null,
    evidence: folder.evidence,
  };
}
