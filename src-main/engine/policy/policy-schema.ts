import { z } from 'zod';

import { defaultGroups, groupSchema } from './group-schema.ts';

import { approvedAccountSchema } from './approved-accounts.ts';
import { approvedDeviceSchema } from './approved-devices.ts';
import { forwardingSchema } from '../forward/forwarding-settings.ts';

/**
 * The policy format, version 1. This one definition validates policy files and generates the
 * published JSON Schema, so the two cannot drift apart.
 */

/** What the engine does with a backup that lands on a destination. */
export const policyActionSchema = z
  .enum(['audit', 'notify', 'prompt', 'block'])
  .describe(
    'audit: record only; notify: record and tell the user; prompt: hold the file until the user ' +
      'gives a business justification; block: move into quarantine',
  );

/** The reasons a prompt offers when the policy names none. */
export const defaultPromptReasons = [
  'Approved business need',
  'Moving the backup to storage approved by IT',
  'This is not a backup (false positive)',
];

const promptSchema = z.strictObject({
  reasons: z
    .array(z.string().min(1, 'expected a reason').max(200, 'keep a reason under 200 characters'))
    .min(1, 'offer at least one reason')
    .max(10, 'offer at most 10 reasons')
    .default(defaultPromptReasons)
    .describe('The business justifications the user can choose from.'),
  requireText: z
    .boolean()
    .default(false)
    .describe('Whether the user must also write a justification in their own words.'),
  timeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(300)
    .describe('How long the user has to answer before the default outcome applies.'),
  defaultOutcome: z
    .enum(['block', 'release'])
    .default('block')
    .describe('What happens to held files when the prompt times out.'),
  batchWindowSeconds: z
    .number()
    .min(0)
    .max(60)
    .default(3)
    .describe('Files held on one destination within this window share one prompt.'),
});

/** How much a detection weighs for the security team. */
export const riskSchema = z.enum(['low', 'medium', 'high']);

const detectionSchema = z.strictObject({
  risk: riskSchema.describe('The risk each event of this detection carries.'),
});

const bulkBackupCopySchema = z.strictObject({
  risk: riskSchema.default('high').describe('The risk each Bulk Backup Copy event carries.'),
  maxFiles: z
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('More backup files than this within the window raise the alert.'),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .default(10 * 1024 ** 3)
    .describe('More bytes of backups than this within the window raise the alert.'),
  windowMinutes: z
    .number()
    .min(1)
    .max(7 * 24 * 60)
    .default(60)
    .describe('The sliding window, in minutes.'),
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
  approvedDevices: z
    .array(approvedDeviceSchema)
    .default([])
    .describe(
      'Devices (by USB vendor and product id, serial and volume UUID, with * and ? wildcards) ' +
        'that may receive backups: their events are recorded, not acted on. Every field an ' +
        'entry names must match; serials alone are weak, see the README.',
    ),
  action: policyActionSchema.default('block'),
});

const cloudSyncSchema = z.strictObject({
  monitor: z.boolean().default(true).describe('Watch the sync folders of cloud clients.'),
  approvedFolders: z
    .array(z.string().min(1, 'expected a folder path'))
    .default([])
    .describe('Sync folders (and everything under them) where backups may go.'),
  approvedAccounts: z
    .array(approvedAccountSchema)
    .default([])
    .describe(
      'Cloud accounts or organisations (such as the company OneDrive tenant) whose sync folders ' +
        'may receive backups: their events are recorded, not acted on.',
    ),
  action: policyActionSchema.default('block'),
});

const networkSharesSchema = z.strictObject({
  monitor: z
    .boolean()
    .default(false)
    .describe('Watch mounted network shares and mapped network drives (SMB, NFS, SSHFS, WebDAV).'),
  action: policyActionSchema.default('block'),
});

/** The quarantine's limits and the note left where a blocked file was. */
const quarantineSchema = z.strictObject({
  maxAgeDays: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .default(90)
    .describe('Blocked files older than this are deleted (held files never are).'),
  maxTotalBytes: z
    .number()
    .int()
    .min(0)
    .default(50 * 1024 ** 3)
    .describe('When blocked files take more than this, the oldest are deleted first.'),
  placeholder: z
    .boolean()
    .default(false)
    .describe('Leave a text file where a blocked file was, saying what happened and whom to ask.'),
  contact: z
    .string()
    .min(1)
    .max(200)
    .default('your IT helpdesk')
    .describe('Whom the placeholder and notifications tell users to ask.'),
});

/** How long the activity log keeps records; removals leave a checkpoint so the chain verifies. */
const activityLogSchema = z.strictObject({
  maxAgeDays: z
    .int()
    .min(1)
    .max(36_500)
    .default(180)
    .describe('Records older than this many days are removed (daily, and when the agent starts).'),
  maxEvents: z
    .int()
    .min(1_000)
    .max(100_000_000)
    .default(1_000_000)
    .describe('At most this many records are kept; the oldest go first.'),
});

/** A backup repository whose files are fingerprinted, so that renamed copies are recognised. */
const repositorySchema = z.strictObject({
  path: z
    .string()
    .min(1, 'expected a folder path')
    .describe('The repository folder: a local path or a mounted share.'),
  name: z.string().min(1).optional().describe('A name for people, shown in events.'),
});

export const policySchema = z.strictObject({
  version: z.literal(1).describe('The policy format version.'),
  removableVolumes: removableVolumesSchema.prefault({}),
  cloudSync: cloudSyncSchema.prefault({}),
  networkShares: networkSharesSchema.prefault({}),
  backupAccess: z
    .strictObject({
      monitor: z
        .boolean()
        .default(true)
        .describe(
          "Watch the user's own folders for copies of repository files (only when `repositories` names some).",
        ),
      folders: z
        .array(z.string().min(1, 'expected a folder path'))
        .default(['Desktop', 'Downloads', 'Documents'])
        .describe("The user's folders to watch, relative to their home folder, or absolute."),
      action: policyActionSchema.default('notify'),
    })
    .prefault({})
    .describe('The Backup Access detection: a repository file copied into a user’s own folders.'),
  backupCategories: z
    .array(
      z.enum([
        'system-image',
        'database-dump',
        'disk-image',
        'device-backup',
        'credential-store',
        'generic-archive',
      ]),
    )
    .default([
      'system-image',
      'database-dump',
      'disk-image',
      'device-backup',
      'credential-store',
      'generic-archive',
    ])
    .describe(
      'The kinds of backup the policy acts on; a file of another kind is recorded as not a backup ' +
        '(for example, leave out disk-image for a team that ships virtual machine images).',
    ),
  prompt: promptSchema.prefault({}),
  nonBackupFiles: z
    .enum(['log', 'ignore'])
    .default('log')
    .describe('Whether files that are not backups are recorded in the activity log.'),
  detections: z
    .strictObject({
      unauthorizedDeviceTransfer: detectionSchema.prefault({ risk: 'medium' }),
      cloudStorageUpload: detectionSchema.prefault({ risk: 'high' }),
      networkShareTransfer: detectionSchema.prefault({ risk: 'medium' }),
      bulkBackupCopy: bulkBackupCopySchema.prefault({}),
      backupAccess: detectionSchema.prefault({ risk: 'high' }),
    })
    .prefault({}),
  activityLog: activityLogSchema.prefault({}),
  quarantine: quarantineSchema.prefault({}),
  forwarding: forwardingSchema
    .prefault({})
    .describe('SIEM targets (syslog, Splunk HEC, webhooks) and their outbox; none by default.'),
  groups: z
    .array(groupSchema)
    .prefault(defaultGroups)
    .describe('User groups, in order: a user belongs to the first group that names them.'),
  defaultGroup: z.string().default('everyone').describe('The group of users no group names.'),
  repositories: z
    .array(repositorySchema)
    .default([])
    .describe(
      'Backup repositories to inventory: a file landing on a destination that matches one of ' +
        'their files by sampled fingerprint is reported as a copy of it, whatever its name.',
    ),
});

/** A validated policy with every default filled in. */
export type Policy = z.output<typeof policySchema>;

/** The action a policy can ask for. */
export type PolicyAction = z.output<typeof policyActionSchema>;

export type Risk = z.output<typeof riskSchema>;

/** The Bulk Backup Copy thresholds. */
export type BulkBackupCopySettings = z.output<typeof bulkBackupCopySchema>;

/** The quarantine settings. */
export type QuarantineSettings = z.output<typeof quarantineSchema>;

/** The prompt settings. */
export type PromptSettings = z.output<typeof promptSchema>;
