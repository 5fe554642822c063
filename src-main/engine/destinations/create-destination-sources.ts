import type { Logger } from '../base/logger.ts';
import type { DestinationSource } from './destination.ts';
import { LocalFolderSource } from './local-folders.ts';
import { NetworkShareSource } from './network-shares.ts';
import { defaultMountRoots, RemovableVolumeSource } from './removable-volumes.ts';
import { CloudSyncSource } from './sync/cloud-sync-source.ts';

/** The policy settings that decide which destination sources run. */
export interface DestinationSettings {
  removableVolumes: { monitor: boolean; mountRoots?: string[] | undefined };
  cloudSync: { monitor: boolean };
  /** Network shares and mapped drives; absent means not watched (the policy's default). */
  networkShares?: { monitor: boolean } | undefined;
  /** The user's own folders, watched only when there are repositories whose copies to look for. */
  backupAccess?: { monitor: boolean; folders: string[] } | undefined;
  repositories?: readonly unknown[] | undefined;
}

/** Where the running user's files are. */
export interface DestinationEnvironment {
  logger: Logger;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** Creates the sources the settings ask for, on the running platform. */
export function createDestinationSources(
  settings: DestinationSettings,
  environment: DestinationEnvironment,
): DestinationSource[] {
  const sources: DestinationSource[] = [];

  if (settings.removableVolumes.monitor) {
    sources.push(
      new RemovableVolumeSource({
        mountRoots: settings.removableVolumes.mountRoots ?? defaultMountRoots(process.platform),
        logger: environment.logger,
      }),
    );
  }

  if (settings.cloudSync.monitor) {
    sources.push(
      new CloudSyncSource({
        home: environment.home,
        env: environment.env,
        logger: environment.logger,
      }),
    );
  }

  if (settings.networkShares?.monitor === true) {
    sources.push(new NetworkShareSource({ logger: environment.logger }));
  }

  const backupAccess = settings.backupAccess;
  if (backupAccess?.monitor === true && (settings.repositories?.length ?? 0) > 0) {
    sources.push(new LocalFolderSource({ home: environment.home, folders: backupAccess.folders }));
  }

  return sources;
}
