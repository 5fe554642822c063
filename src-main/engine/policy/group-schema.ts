import { z } from 'zod';

/** The settings a group may override; machine-wide settings (forwarding, the log) are not among them. */
export const overridableSections = [
  'removableVolumes',
  'cloudSync',
  'networkShares',
  'backupAccess',
  'backupCategories',
  'prompt',
  'nonBackupFiles',
  'detections',
] as const;

const membersSchema = z.strictObject({
  osGroups: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Operating system groups (local or directory groups as the OS reports them, such as ' +
        '`ACME\\\\IT-Ops` on Windows or `it-ops` on Linux and macOS) whose members belong here.',
    ),
  users: z.array(z.string().min(1)).default([]).describe('User names that belong here.'),
});

/** A group of users with its own monitoring switch and setting overrides. */
export const groupSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes')
    .describe('A stable id, used by `defaultGroup` and in events.'),
  name: z.string().min(1).describe('The name people see.'),
  members: membersSchema.prefault({}),
  monitoring: z
    .boolean()
    .default(true)
    .describe('Whether files of this group are acted on at all.'),
  handlesBackups: z
    .boolean()
    .default(false)
    .describe('Members handle backups as part of their job: no Backup Access alert for them.'),
  overrides: z
    .partialRecord(z.enum(overridableSections), z.unknown())
    .default({})
    .describe('Settings that differ for this group, in the same shape as the policy itself.'),
});

/** The groups every policy starts from; IT fills in their members. */
export const defaultGroups: z.input<typeof groupSchema>[] = [
  { id: 'rnd', name: 'R&D' },
  { id: 'sales', name: 'Sales' },
  { id: 'executives', name: 'Executives and Executive Assistants' },
  {
    id: 'it-operations',
    name: 'IT Operations and InfoSec',
    handlesBackups: true,
    overrides: { removableVolumes: { action: 'prompt' }, cloudSync: { action: 'prompt' } },
  },
  { id: 'everyone', name: 'Support Staff and Everyone Else' },
];

export type PolicyGroup = z.output<typeof groupSchema>;
