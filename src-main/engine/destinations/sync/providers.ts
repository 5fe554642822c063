import { boxProvider } from './box.ts';
import { dropboxProvider } from './dropbox.ts';
import { googleDriveProvider } from './google-drive.ts';
import { iCloudProvider } from './icloud.ts';
import { insyncProvider } from './insync.ts';
import { linuxCloudMountsProvider } from './linux-cloud-mounts.ts';
import { macCloudStorageProvider } from './mac-cloud-storage.ts';
import { markerScanProvider } from './marker-scan.ts';
import { megaProvider } from './mega.ts';
import { nextcloudProvider, ownCloudProvider } from './nextcloud.ts';
import { oneDriveProvider } from './onedrive.ts';
import { pCloudProvider } from './pcloud.ts';
import { protonDriveProvider } from './proton-drive.ts';
import { rcloneProvider } from './rclone.ts';
import { seafileProvider } from './seafile.ts';
import { syncComProvider } from './sync-com.ts';
import type { SyncProvider } from './sync-context.ts';
import { syncthingProvider } from './syncthing.ts';
import { tresoritProvider } from './tresorit.ts';
import { windowsNamespaceProvider } from './windows-namespace.ts';
import { windowsSyncRootsProvider } from './windows-sync-roots.ts';
import { yandexDiskProvider } from './yandex-disk.ts';

/**
 * The provider-independent routes: the OS's own registrations of sync roots (Windows Cloud Files
 * sync roots and navigation-pane entries, macOS File Provider domains, Linux FUSE mounts) and
 * the marker files clients leave in their roots. They find clients no provider route knows, and
 * confirm the folders the provider routes find.
 */
export const genericSyncRoutes: readonly SyncProvider[] = [
  windowsSyncRootsProvider,
  windowsNamespaceProvider,
  macCloudStorageProvider,
  linuxCloudMountsProvider,
  markerScanProvider,
];

/** The per-provider routes, which add the account and personal or business details. */
export const providerSyncRoutes: readonly SyncProvider[] = [
  dropboxProvider,
  oneDriveProvider,
  googleDriveProvider,
  iCloudProvider,
  boxProvider,
  megaProvider,
  pCloudProvider,
  nextcloudProvider,
  ownCloudProvider,
  syncthingProvider,
  syncComProvider,
  protonDriveProvider,
  tresoritProvider,
  yandexDiskProvider,
  insyncProvider,
  seafileProvider,
  rcloneProvider,
];

/**
 * Every route, provider routes first: where several name one folder they are merged, and the
 * listing follows the order folders were first named in.
 */
export const allSyncProviders: readonly SyncProvider[] = [
  ...providerSyncRoutes,
  ...genericSyncRoutes,
];
