import { isAbsolute, relative, resolve } from 'node:path';

import type { Destination } from '../destinations/destination.ts';
import { describeApprovedAccount, findApprovedAccount } from './approved-accounts.ts';
import { describeApprovedDevice, findApprovedDevice } from './approved-devices.ts';
import type { Policy } from './policy-schema.ts';

/** Why the policy approves a destination: the entry that matched, as a JSON path and a summary. */
export interface Approval {
  /** Such as `removableVolumes.approvedDevices[0]: vendor 0951, product 1666`. */
  by: string;
}

/**
 * Whether the policy approves a destination: an approved device for a removable volume, an
 * approved folder or account for a sync folder. Backups written to an approved destination are
 * recorded, not acted on. Network shares have no approvals.
 */
export function destinationApproval(policy: Policy, destination: Destination): Approval | null {
  switch (destination.kind) {
    case 'removable-volume': {
      const match = findApprovedDevice(policy.removableVolumes.approvedDevices, destination.device);
      return match === null
        ? null
        : {
            by: `removableVolumes.approvedDevices[${match.index}]: ${describeApprovedDevice(match.entry)}`,
          };
    }
    case 'cloud-sync': {
      const folderIndex = policy.cloudSync.approvedFolders.findIndex((folder) =>
        isInside(destination.path, folder),
      );
      if (folderIndex >= 0) {
        return {
          by: `cloudSync.approvedFolders[${folderIndex}]: ${policy.cloudSync.approvedFolders[folderIndex] ?? ''}`,
        };
      }
      const match = findApprovedAccount(policy.cloudSync.approvedAccounts, destination);
      return match === null
        ? null
        : {
            by: `cloudSync.approvedAccounts[${match.index}]: ${describeApprovedAccount(match.entry)}`,
          };
    }
    case 'network-share':
    case 'local-folder':
      return null;
  }
}

/** Whether `path` is `folder` or lies inside it. */
function isInside(path: string, folder: string): boolean {
  const inner = relative(resolve(folder), resolve(path));
  return inner === '' || (!inner.startsWith('..') && !isAbsolute(inner));
}
