import { z } from 'zod';

import type { Destination, DeviceIdentity } from '../destinations/destination.ts';

/**
 * Removable devices a policy approves, so that a backup copied onto the company's encrypted
 * backup drive is recorded while the same copy onto any other stick is acted on.
 *
 * Known weakness: every field is what the device says about itself. Cheap sticks of one batch
 * often share one serial number (or report none), and a serial, vendor id and product id can be
 * reprogrammed on many controllers, so a serial alone approves every clone. An entry may
 * therefore name several fields, which must all match: the volume UUID (set when the volume is
 * formatted, so it differs between two sticks of one batch) together with the serial is much
 * harder to hit by accident, though someone who can read an approved stick can copy both. The
 * strong option is hardware-encrypted company sticks managed centrally, approved by their
 * vendor and product ids, so that a look-alike holds nothing readable elsewhere.
 */

/** Device fields are short; anything longer is a mistake in the policy. */
const maxPatternLength = 128;

const patternSchema = z
  .string()
  .trim()
  .min(1, 'expected a value or a pattern such as 4C53*')
  .max(maxPatternLength, `keep a pattern under ${maxPatternLength} characters`);

const usbIdSchema = z
  .string()
  .trim()
  .regex(/^(0x)?[0-9a-f*?]{1,4}$/i, 'expected four hex digits such as 0781 (wildcards * and ?)');

/** One approved device, or family of devices: every field it names must match. */
export const approvedDeviceSchema = z
  .strictObject({
    vendorId: usbIdSchema.optional().describe('The USB vendor id, such as 0781 (SanDisk).'),
    productId: usbIdSchema.optional().describe('The USB product id, such as 5567.'),
    serial: patternSchema
      .optional()
      .describe('The device serial number as the device reports it; * and ? are wildcards.'),
    volumeUuid: patternSchema
      .optional()
      .describe(
        'The volume UUID or FAT/exFAT serial (such as B5A7-FF10), which changes when the volume ' +
          'is formatted; * and ? are wildcards.',
      ),
    description: z.string().max(500).optional().describe('What the device is, for admins.'),
  })
  .refine((entry) => matchFields(entry).length > 0, {
    error: 'name at least one of vendorId, productId, serial and volumeUuid',
  })
  .refine((entry) => matchFields(entry).some(([, pattern]) => !/[*?]/.test(pattern)), {
    error: 'name at least one field exactly, without wildcards: patterns alone approve too much',
  });

/** An approved-device entry of the policy. */
export type ApprovedDevice = z.output<typeof approvedDeviceSchema>;

/** The identity fields an entry can name. */
type MatchField = 'vendorId' | 'productId' | 'serial' | 'volumeUuid';

/** Whether a destination's device is approved under a policy's list, and by which entry. */
export type DeviceApproval =
  { status: 'approved'; index: number; entry: ApprovedDevice } | { status: 'not-approved' };

/**
 * The first entry that approves the device, or null. Every field the entry names must match the
 * device's; a field the device did not report never matches, not even `*`. Comparisons ignore
 * case, as Windows reports serials in upper case and Linux as the device spells them.
 */
export function findApprovedDevice(
  entries: readonly ApprovedDevice[],
  device: DeviceIdentity | null,
): { entry: ApprovedDevice; index: number } | null {
  if (device === null) {
    return null;
  }

  for (const [index, entry] of entries.entries()) {
    const matches = matchFields(entry).every(([field, pattern]) =>
      matchesDevicePattern(normalisePattern(field, pattern), device[field] ?? null),
    );
    if (matches) {
      return { entry, index };
    }
  }
  return null;
}

/** The approval status of a removable-volume destination; null for other kinds. */
export function deviceApprovalOf(
  entries: readonly ApprovedDevice[],
  destination: Pick<Destination, 'kind' | 'device'>,
): DeviceApproval | null {
  if (destination.kind !== 'removable-volume') {
    return null;
  }
  const approval = findApprovedDevice(entries, destination.device);
  return approval === null ? { status: 'not-approved' } : { status: 'approved', ...approval };
}

/** A short description of an entry: `vendorId 0781, serial 4C53* (finance backup stick)`. */
export function describeApprovedDevice(entry: ApprovedDevice): string {
  const fields = matchFields(entry).map(([field, pattern]) => `${field} ${pattern}`);
  const description = entry.description === undefined ? '' : ` (${entry.description})`;
  return `${fields.join(', ')}${description}`;
}

/**
 * Whether `value` matches a pattern where `*` stands for any run of characters and `?` for one
 * character, ignoring case; null and empty values never match.
 */
export function matchesDevicePattern(pattern: string, value: string | null): boolean {
  if (value === null || value.trim() === '') {
    return false;
  }

  // Turn the wildcards into their regular expressions, escape the rest, then anchor
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, (character) => {
    if (character === '*') {
      return '.*';
    }
    return character === '?' ? '.' : `\\${character}`;
  });
  return new RegExp(`^${source}$`, 'isu').test(value.trim());
}

/** The fields an entry names, with their patterns. */
function matchFields(entry: Partial<Record<MatchField, string>>): Array<[MatchField, string]> {
  const fields: MatchField[] = ['vendorId', 'productId', 'serial', 'volumeUuid'];
  return fields.flatMap((field) => {
    const pattern = entry[field];
    return pattern === undefined ? [] : [[field, pattern] as [MatchField, string]];
  });
}

/** USB ids are compared as four lower-case hex digits: `0x781` names `0781`. */
function normalisePattern(field: MatchField, pattern: string): string {
  if (field !== 'vendorId' && field !== 'productId') {
    return pattern;
  }
  const bare = pattern.replace(/^0x/i, '').toLowerCase();
  return /^[0-9a-f]{1,4}$/.test(bare) ? bare.padStart(4, '0') : bare;
}
