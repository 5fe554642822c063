import { isAbsolute, relative, resolve } from 'node:path';

import type { DetectionName, EventRisk } from '../../../src-shared/activity-event.ts';
import type { Classification } from '../classify/classification.ts';
import type { Destination } from '../destinations/destination.ts';
import { describeApprovedAccount, findApprovedAccount } from './approved-accounts.ts';
import { describeApprovedDevice, findApprovedDevice } from './approved-devices.ts';
import type { Policy, PolicyAction } from './policy-schema.ts';

/** What the policy asks for one file that landed on a destination. */
export type Decision =
  /** Not worth a record under this policy. */
  | { kind: 'ignore' }
  /** Record the file; `action` is null for files that are not backups or went to approved places. */
  | {
      kind: 'act';
      detection: DetectionName | null;
      risk: EventRisk;
      action: PolicyAction | null;
      reason: string;
    };

/** Applies the policy to one classified file on one destination. */
export function decide(
  policy: Policy,
  classification: Classification,
  destination: Destination,
): Decision {
  // Files that are not backups
  if (!classification.isBackup) {
    if (policy.nonBackupFiles === 'ignore') {
      return { kind: 'ignore' };
    }
    return { kind: 'act', detection: null, risk: 'none', action: null, reason: 'not a backup' };
  }

  // Backups, by destination
  const format = classification.format ?? 'unknown format';
  switch (destination.kind) {
    case 'removable-volume': {
      const approval = findApprovedDevice(
        policy.removableVolumes.approvedDevices,
        destination.device,
      );
      if (approval !== null) {
        return {
          kind: 'act',
          detection: null,
          risk: 'none',
          action: 'audit',
          reason:
            `backup (${format}) written to approved device ${destination.label} ` +
            `(removableVolumes.approvedDevices[${approval.index}]: ${describeApprovedDevice(approval.entry)})`,
        };
      }
      return {
        kind: 'act',
        detection: 'Unauthorized Device Transfer',
        risk: policy.detections.unauthorizedDeviceTransfer.risk,
        action: policy.removableVolumes.action,
        reason: `backup (${format}) written to removable volume ${destination.label}`,
      };
    }
    case 'cloud-sync':
      if (isApprovedFolder(policy, destination.path)) {
        return {
          kind: 'act',
          detection: null,
          risk: 'none',
          action: 'audit',
          reason: `backup (${format}) written to approved sync folder ${destination.label}`,
        };
      }
      return decideUnapprovedFolder(policy, destination, format);
    case 'network-share':
      // Its own detection, as DLP products keep "copy to network share" apart from devices:
      // helpdesk and SIEM rules must not read a file server as a USB device.
      return {
        kind: 'act',
        detection: 'Network Share Transfer',
        risk: policy.detections.networkShareTransfer.risk,
        action: policy.networkShares.action,
        reason: `backup (${format}) written to network share ${destination.label}`,
      };
  }
}

/** A sync folder outside the approved folders: recorded only when its account is approved. */
function decideUnapprovedFolder(
  policy: Policy,
  destination: Destination,
  format: string,
): Decision {
  const approval = findApprovedAccount(policy.cloudSync.approvedAccounts, destination);
  if (approval !== null) {
    return {
      kind: 'act',
      detection: null,
      risk: 'none',
      action: 'audit',
      reason:
        `backup (${format}) written to sync folder ${destination.label} of an approved account ` +
        `(cloudSync.approvedAccounts[${approval.index}]: ${describeApprovedAccount(approval.entry)})`,
    };
  }
  return {
    kind: 'act',
    detection: 'Cloud Storage Upload',
    risk: policy.detections.cloudStorageUpload.risk,
    action: policy.cloudSync.action,
    reason: `backup (${format}) written to unapproved sync folder ${destination.label}`,
  };
}

/** Whether `folder` is an approved sync folder or lies inside one. */
function isApprovedFolder(policy: Policy, folder: string): boolean {
  return policy.cloudSync.approvedFolders.some((approved) => {
    const path = relative(resolve(approved), resolve(folder));
    return path === '' || (!path.startsWith('..') && !isAbsolute(path));
  });
}
