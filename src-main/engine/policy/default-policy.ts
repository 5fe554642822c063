import type { Policy } from './policy-schema.ts';
import { policySchema } from './policy-schema.ts';

/**
 * The policy in force when no other is given: backups written to removable volumes or to
 * unapproved cloud-sync folders are blocked (moved into the quarantine), and every file is
 * recorded.
 */
export const embeddedPolicySource = {
  version: 1,
  removableVolumes: { monitor: true, action: 'block' },
  cloudSync: { monitor: true, approvedFolders: [], action: 'block' },
  nonBackupFiles: 'log',
} as const;

export function embeddedPolicy(): Policy {
  return policySchema.parse(embeddedPolicySource);
}
