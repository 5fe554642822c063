import type { CloudAccount } from '../destination.ts';
import { isKnownProvider } from './provider-names.ts';
import type { SyncFolder } from './sync-context.ts';

const originRank: Record<SyncFolder['origin'], number> = { config: 3, marker: 2, probe: 1 };

/**
 * Merges the folders that several discovery routes found, one per path (`pathKey` decides when
 * two paths are the same). Where routes agree on the provider, or one of them only knows a
 * generic product name, the folder keeps the strongest route's details, fills its unknown
 * account fields from the others, and carries every route's evidence. Where two known providers
 * claim one folder (Google Drive backing up `~/Documents` while iCloud syncs it), both upload
 * it: the stronger route names the provider, the evidence names both, and the account becomes
 * unknown, so that approving one of the two accounts cannot let a backup through to the other.
 */
export function mergeFolders(
  folders: readonly SyncFolder[],
  pathKey: (path: string) => string,
): { folders: SyncFolder[]; conflicts: string[] } {
  const byPath = new Map<string, SyncFolder>();
  const conflicts: string[] = [];
  const contestedKeys = new Set<string>();

  for (const folder of folders) {
    const key = pathKey(folder.path);
    const previous = byPath.get(key);
    if (previous === undefined) {
      byPath.set(key, { ...folder, evidence: [...folder.evidence] });
      continue;
    }

    // The stronger route leads; a known provider beats a generic name
    const [lead, other] = isStronger(folder, previous) ? [folder, previous] : [previous, folder];
    if (!isSameProvider(lead, other)) {
      conflicts.push(`${folder.path}: claimed by ${lead.provider} and ${other.provider}`);
      contestedKeys.add(key);
      byPath.set(key, contested(lead, other));
      continue;
    }
    const merged = combine(lead, other);
    byPath.set(key, contestedKeys.has(key) ? { ...merged, account: unknownAccount() } : merged);
  }

  return { folders: [...byPath.values()], conflicts };
}

function isStronger(candidate: SyncFolder, current: SyncFolder): boolean {
  const known =
    Number(isKnownProvider(candidate.provider)) - Number(isKnownProvider(current.provider));
  if (known !== 0) {
    return known > 0;
  }
  return originRank[candidate.origin] > originRank[current.origin];
}

function isSameProvider(lead: SyncFolder, other: SyncFolder): boolean {
  return lead.provider === other.provider || !isKnownProvider(other.provider);
}

/** The lead folder with the other's account details filling its gaps and its evidence added. */
function combine(lead: SyncFolder, other: SyncFolder): SyncFolder {
  const evidence = [...lead.evidence];
  for (const item of other.evidence) {
    if (!evidence.includes(item)) {
      evidence.push(item);
    }
  }
  return {
    ...lead,
    path: lead.path,
    account: fillAccount(lead.account, other.account),
    evidence,
    origin: originRank[other.origin] > originRank[lead.origin] ? other.origin : lead.origin,
  };
}

/** Two providers upload the folder: no single account speaks for it. */
function contested(lead: SyncFolder, other: SyncFolder): SyncFolder {
  const evidence = [
    ...lead.evidence,
    ...other.evidence.map((item) => `also ${other.provider}: ${item}`),
  ];
  return { ...lead, account: unknownAccount(), evidence };
}

function unknownAccount(): CloudAccount {
  return { type: 'unknown', email: null, organisation: null };
}

function fillAccount(lead: CloudAccount, other: CloudAccount): CloudAccount {
  const account: CloudAccount = {
    type: lead.type === 'unknown' ? other.type : lead.type,
    email: lead.email ?? other.email,
    organisation: lead.organisation ?? other.organisation,
  };
  const organisationId = lead.organisationId ?? other.organisationId ?? null;
  if (organisationId !== null) {
    account.organisationId = organisationId;
  }
  return account;
}
