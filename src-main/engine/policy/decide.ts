import type { DetectionName, EventRisk } from '../../../src-shared/activity-event.ts';
import type { Classification } from '../classify/classification.ts';
import type { Destination } from '../destinations/destination.ts';
import { destinationApproval } from './destination-approval.ts';
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

/** What the decision needs to know of the user's group. */
export interface GroupTraits {
  /** Members handle backups for a living: no Backup Access alert for them. */
  handlesBackups: boolean;
}

/** Applies the policy to one classified file on one destination. */
export function decide(
  policy: Policy,
  classification: Classification,
  destination: Destination,
  group: GroupTraits = { handlesBackups: false },
): Decision {
  // The user's own folders: only copies of repository files matter, and only for some groups
  if (destination.kind === 'local-folder') {
    return decideBackupAccess(policy, classification, destination, group);
  }

  // Files that are not backups, or not of a kind this policy acts on
  const counts = policy.backupCategories.some((category) => category === classification.category);
  if (!classification.isBackup || !counts) {
    if (policy.nonBackupFiles === 'ignore') {
      return { kind: 'ignore' };
    }
    const reason = classification.isBackup
      ? `a ${classification.category} backup, a kind this policy does not act on`
      : 'not a backup';
    return { kind: 'act', detection: null, risk: 'none', action: null, reason };
  }

  // Backups to approved destinations are recorded, not acted on
  const format = classification.format ?? 'unknown format';
  const approval = destinationApproval(policy, destination);
  if (approval !== null) {
    return {
      kind: 'act',
      detection: null,
      risk: 'none',
      action: 'audit',
      reason: `backup (${format}) written to approved destination ${destination.label} (${approval.by})`,
    };
  }

  // Other backups, by destination
  switch (destination.kind) {
    case 'removable-volume':
      return {
        kind: 'act',
        detection: 'Unauthorized Device Transfer',
        risk: policy.detections.unauthorizedDeviceTransfer.risk,
        action: policy.removableVolumes.action,
        reason: `backup (${format}) written to removable volume ${destination.label}`,
      };
    case 'cloud-sync':
      return {
        kind: 'act',
        detection: 'Cloud Storage Upload',
        risk: policy.detections.cloudStorageUpload.risk,
        action: policy.cloudSync.action,
        reason: `backup (${format}) written to unapproved sync folder ${destination.label}`,
      };
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

/**
 * Backup Access: a file from a backup repository appears in the user's own folders, the first
 * step of taking a backup home. Everyday files there are none of Copywarden's business.
 */
function decideBackupAccess(
  policy: Policy,
  classification: Classification,
  destination: Destination,
  group: GroupTraits,
): Decision {
  const copy = classification.copyOf;
  if (copy === undefined || group.handlesBackups) {
    return { kind: 'ignore' };
  }
  return {
    kind: 'act',
    detection: 'Backup Access',
    risk: policy.detections.backupAccess.risk,
    action: policy.backupAccess.action,
    reason: `a copy of ${copy.originalPath} from repository ${copy.repository} appeared in ${destination.label}`,
  };
}
