import { z } from 'zod';

/**
 * The policy format, version 1. This one definition validates policy files and generates the
 * published JSON Schema, so the two cannot drift apart.
 */

/** What the engine does with a backup that lands on a destination. */
export const policyActionSchema = z
  .enum(['audit', 'notify', 'block'])
  .describe('audit: record only; notify: record and tell the user; block: move into quarantine');

/** How much a detection weighs for the security team. */
export const riskSchema = z.enum(['low', 'medium', 'high']);

const detectionSchema = z.strictObject({
  risk: riskSchema.describe('The risk each event of this detection carries.'),
});

const removableVolumesSchema = z.strictObject({
  monitor: z.boolean().default(true).describe('Watch removable volumes at all.'),
  mountRoots: z
    .array(z.string().min(1, 'expected a folder path'))
    .optional()
    .describe(
      'Folders whose sub-mounts count as removable volumes, besides devices the OS reports as ' +
        'removable. Defaults to /media and /run/media on Linux, /Volumes on macOS.',
    ),
  action: policyActionSchema.default('block'),
});

const cloudSyncSchema = z.strictObject({
  monitor: z.boolean().default(true).describe('Watch the sync folders of cloud clients.'),
  approvedFolders: z
    .array(z.string().min(1, 'expected a folder path'))
    .default([])
    .describe('Sync folders (and everything under them) where backups may go.'),
  action: policyActionSchema.default('block'),
});

export const policySchema = z.strictObject({
  version: z.literal(1).describe('The policy format version.'),
  removableVolumes: removableVolumesSchema.prefault({}),
  cloudSync: cloudSyncSchema.prefault({}),
  nonBackupFiles: z
    .enum(['log', 'ignore'])
    .default('log')
    .describe('Whether files that are not backups are recorded in the activity log.'),
  detections: z
    .strictObject({
      unauthorizedDeviceTransfer: detectionSchema.prefault({ risk: 'medium' }),
      cloudStorageUpload: detectionSchema.prefault({ risk: 'high' }),
    })
    .prefault({}),
});

/** A validated policy with every default filled in. */
export type Policy = z.output<typeof policySchema>;

/** The action a policy can ask for. */
export type PolicyAction = z.output<typeof policyActionSchema>;

export type Risk = z.output<typeof riskSchema>;
