import { z } from 'zod';

import type { Destination } from '../destinations/destination.ts';

/**
 * Cloud accounts a policy approves, so that the same backup is fine in the company's tenant and
 * blocked in a personal account of the same provider.
 *
 * Known weakness: accounts are identified from the sync clients' own files (the registry, config
 * files, folder names), which the signed-in user can edit. An approval is therefore advisory
 * against an insider who forges those files. What removes it: the provider's own tenant
 * restrictions, such as OneDrive's "Allow syncing only on PCs joined to specific domains" and
 * tenant allow lists, which stop personal accounts from syncing at all.
 */

/** Glob patterns are short; anything longer is a mistake in the policy. */
const maxPatternLength = 320;

const patternSchema = z
  .string()
  .min(1, 'expected a name or a pattern such as *@acme.com')
  .max(maxPatternLength, `keep a pattern under ${maxPatternLength} characters`);

/** One approved account or organisation of one provider. */
export const approvedAccountSchema = z
  .strictObject({
    provider: patternSchema.describe(
      'The provider id, such as onedrive, dropbox, google-drive, nextcloud; * for any provider.',
    ),
    account: patternSchema
      .optional()
      .describe('The account e-mail or login; * matches any run of characters (*@acme.com).'),
    organisation: patternSchema
      .optional()
      .describe(
        'The organisation: a tenant id (the Entra ID tenant GUID, the strong form), a tenant, ' +
          'team or workspace name, or a server host; * matches any run of characters.',
      ),
    note: z.string().max(500).optional().describe('Why the account is approved, for admins.'),
  })
  .refine((entry) => entry.account !== undefined || entry.organisation !== undefined, {
    error: 'name an account or an organisation: approving a whole provider is not allowed',
  });

/** An approved-account entry of the policy. */
export type ApprovedAccount = z.output<typeof approvedAccountSchema>;

/**
 * The first entry that approves the destination's cloud account, or null. Every field an entry
 * names must match: the provider, the account (e-mail or login) and the organisation (name or
 * stable id). Comparisons ignore case; organisation names also ignore spaces, because macOS
 * folder names drop them (`OneDrive-ContosoLtd` for "Contoso Ltd").
 */
export function findApprovedAccount(
  entries: readonly ApprovedAccount[],
  destination: Pick<Destination, 'provider' | 'account'>,
): { entry: ApprovedAccount; index: number } | null {
  const { provider, account } = destination;
  if (provider === null || account === null) {
    return null;
  }

  for (const [index, entry] of entries.entries()) {
    // The provider
    if (!matchesPattern(entry.provider, provider)) {
      continue;
    }

    // The account, when the entry names one
    if (entry.account !== undefined && !matchesPattern(entry.account, account.email)) {
      continue;
    }

    // The organisation by stable id or by name, when the entry names one
    const organisation = entry.organisation;
    if (
      organisation !== undefined &&
      !matchesPattern(organisation, account.organisationId ?? null) &&
      !matchesPattern(organisation.replace(/\s+/g, ''), withoutSpaces(account.organisation))
    ) {
      continue;
    }

    return { entry, index };
  }
  return null;
}

/** A short description of an entry for decisions and listings: `onedrive, organisation 72f9...`. */
export function describeApprovedAccount(entry: ApprovedAccount): string {
  const parts = [entry.provider];
  if (entry.account !== undefined) {
    parts.push(`account ${entry.account}`);
  }
  if (entry.organisation !== undefined) {
    parts.push(`organisation ${entry.organisation}`);
  }
  return parts.join(', ');
}

/** Whether `value` matches a glob where `*` stands for any run of characters; null never matches. */
export function matchesPattern(pattern: string, value: string | null): boolean {
  if (value === null || value === '') {
    return false;
  }

  // Escape everything but the stars, then anchor
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'isu').test(value);
}

function withoutSpaces(value: string | null): string | null {
  return value === null ? null : value.replace(/\s+/g, '');
}
