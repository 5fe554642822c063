import { boxProvider } from './box.ts';
import { dropboxProvider } from './dropbox.ts';
import { googleDriveProvider } from './google-drive.ts';
import { iCloudProvider } from './icloud.ts';
import { oneDriveProvider } from './onedrive.ts';
import type { SyncProvider } from './sync-context.ts';

/** Every provider whose folders are discovered, in the order their folders are listed. */
export const allSyncProviders: readonly SyncProvider[] = [
  dropboxProvider,
  oneDriveProvider,
  googleDriveProvider,
  iCloudProvider,
  boxProvider,
];
