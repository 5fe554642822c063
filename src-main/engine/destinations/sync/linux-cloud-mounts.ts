import { readMountInfo } from '../mountinfo.ts';
import { providerSlug } from './provider-names.ts';
import {
  accountFromEmail,
  cloudAccount,
  type SyncFolder,
  type SyncProvider,
} from './sync-context.ts';
import { subfolders } from './sync-reads.ts';

/**
 * FUSE filesystems that mount cloud storage, by mount type, other than rclone (which has its own
 * route). The type names are those the projects' mount helpers register; they are observed in
 * public configurations rather than documented, so a renamed type is missed.
 */
const cloudMountTypes: Record<string, { provider: string; productName: string }> = {
  'fuse.onedriver': { provider: 'onedrive', productName: 'onedriver' },
  'fuse.google-drive-ocamlfuse': {
    provider: 'google-drive',
    productName: 'google-drive-ocamlfuse',
  },
  'fuse.s3fs': { provider: providerSlug('s3fs'), productName: 'Amazon S3 (s3fs)' },
  'fuse.gcsfuse': {
    provider: providerSlug('gcsfuse'),
    productName: 'Google Cloud Storage (gcsfuse)',
  },
};

/** GNOME's GVfs exposes its mounts as folders of one FUSE mount, one folder per location. */
const gvfsMountType = 'fuse.gvfsd-fuse';

/**
 * Cloud storage mounted through FUSE on Linux: the mount types above, and Google Drive accounts
 * that GNOME Online Accounts mounts through GVfs as `google-drive:host=<domain>,user=<name>`.
 */
export const linuxCloudMountsProvider: SyncProvider = {
  id: 'linux-cloud-mounts',
  name: 'Linux cloud mounts',

  watchedPaths: () => [],

  watchedMountTypes: [...Object.keys(cloudMountTypes), gvfsMountType],

  async discover(context) {
    if (context.mountInfoPath === null) {
      return [];
    }
    const folders: SyncFolder[] = [];

    for (const mount of await readMountInfo(context.mountInfoPath, context.logger)) {
      // Mounts of a known cloud filesystem
      const known = cloudMountTypes[mount.fsType];
      if (known !== undefined) {
        folders.push({
          ...known,
          path: mount.mountPoint,
          account: cloudAccount('unknown'),
          evidence: [`${mount.fsType} mount of ${mount.source}`],
          origin: 'config',
        });
      }

      // Google Drive accounts inside the GVfs mount
      if (mount.fsType === gvfsMountType) {
        const root = { path: mount.mountPoint, display: mount.mountPoint };
        for (const { name, folder } of await subfolders(context, root)) {
          const account = /^google-drive:host=([^,]+),user=([^,]+)$/.exec(name);
          if (account?.[1] !== undefined && account[2] !== undefined) {
            folders.push({
              provider: 'google-drive',
              path: folder.path,
              account: accountFromEmail('google-drive', `${account[2]}@${account[1]}`),
              evidence: [`GNOME Online Accounts Google Drive mount ${folder.display}`],
              origin: 'config',
            });
          }
        }
      }
    }

    return folders;
  },
};
