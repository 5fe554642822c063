import { describe, expect, it } from 'vitest';

import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import type { Destination } from '../../../src-main/engine/destinations/destination.ts';
import {
  findApprovedAccount,
  matchesPattern,
} from '../../../src-main/engine/policy/approved-accounts.ts';
import { decide } from '../../../src-main/engine/policy/decide.ts';
import { policySchema } from '../../../src-main/engine/policy/policy-schema.ts';

const contosoTenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const vhdx: Classification = {
  path: '/home/alice/x/server.vhdx',
  sizeBytes: 4_194_304,
  isBackup: true,
  format: 'vhdx',
  category: 'disk-image',
  confidence: 'high',
  encrypted: null,
  reasons: ['"vhdxfile" at offset 0'],
};

function syncFolder(provider: string, account: Destination['account'], path: string): Destination {
  return {
    id: `cloud:${provider}:${account?.type ?? 'unknown'}:${path}`,
    kind: 'cloud-sync',
    path,
    label: `${provider} folder`,
    provider,
    account,
    device: null,
    evidence: ['test'],
  };
}

const companyOneDrive = syncFolder(
  'onedrive',
  {
    type: 'business',
    email: 'alice@contoso.com',
    organisation: 'Contoso Ltd',
    organisationId: contosoTenantId,
  },
  'C:\\Users\\alice\\OneDrive - Contoso Ltd',
);
const personalDropbox = syncFolder(
  'dropbox',
  { type: 'personal', email: null, organisation: null },
  'C:\\Users\\alice\\Dropbox',
);
const lookAlikeTenant = syncFolder(
  'onedrive',
  {
    type: 'business',
    email: 'alice@contoso-ltd.example',
    organisation: 'Contoso Ltd',
    organisationId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  },
  'C:\\Users\\alice\\OneDrive - Contoso Ltd 2',
);
const macTenantFolder = syncFolder(
  'onedrive',
  { type: 'business', email: null, organisation: 'ContosoLtd' },
  '/Users/alice/Library/CloudStorage/OneDrive-ContosoLtd',
);

describe('decide with approved accounts', () => {
  const policy = policySchema.parse({
    version: 1,
    cloudSync: {
      approvedAccounts: [
        { provider: 'onedrive', organisation: contosoTenantId, note: 'company tenant' },
      ],
    },
  });

  it('only records a backup in the company OneDrive tenant', () => {
    const decision = decide(policy, vhdx, companyOneDrive);

    expect(decision).toMatchObject({ kind: 'act', detection: null, risk: 'none', action: 'audit' });
    expect(decision.kind === 'act' && decision.reason).toMatch(
      /approved destination .*\(cloudSync\.approvedAccounts\[0\]: onedrive, organisation 72f988bf/,
    );
  });

  it('blocks the same backup in a personal Dropbox', () => {
    const decision = decide(policy, vhdx, personalDropbox);

    expect(decision).toMatchObject({
      detection: 'Cloud Storage Upload',
      risk: 'high',
      action: 'block',
    });
  });

  it('blocks a tenant that only shares the company tenant’s display name', () => {
    const decision = decide(policy, vhdx, lookAlikeTenant);

    expect(decision).toMatchObject({ detection: 'Cloud Storage Upload', action: 'block' });
  });
});

describe('decide for network shares', () => {
  it('raises a Network Share Transfer with its own risk and action', () => {
    const policy = policySchema.parse({
      version: 1,
      networkShares: { monitor: true, action: 'notify' },
      detections: { networkShareTransfer: { risk: 'high' } },
    });
    const share: Destination = {
      ...personalDropbox,
      id: 'share:/mnt/nas',
      kind: 'network-share',
      path: '/mnt/nas',
      label: '//nas/backup (SMB)',
      provider: 'smb',
      account: null,
    };

    const decision = decide(policy, vhdx, share);

    expect(decision).toMatchObject({
      detection: 'Network Share Transfer',
      risk: 'high',
      action: 'notify',
    });
  });

  it('leaves network shares unwatched by default', () => {
    const policy = policySchema.parse({ version: 1 });

    expect(policy.networkShares).toEqual({ monitor: false, action: 'block' });
    expect(policy.cloudSync.approvedAccounts).toEqual([]);
  });
});

describe('findApprovedAccount', () => {
  it('matches an account by e-mail pattern, and never an account without an e-mail', () => {
    const entries = [{ provider: '*', account: '*@contoso.com' }];

    expect(findApprovedAccount(entries, companyOneDrive)?.index).toBe(0);
    expect(findApprovedAccount(entries, personalDropbox)).toBeNull();
  });

  it('matches a tenant name ignoring spaces and case, the weaker form macOS allows', () => {
    const entries = [{ provider: 'onedrive', organisation: 'contoso ltd' }];

    expect(findApprovedAccount(entries, macTenantFolder)?.index).toBe(0);
  });

  it('requires every named field and the provider to match', () => {
    const entries = [
      { provider: 'google-drive', organisation: contosoTenantId },
      { provider: 'onedrive', account: 'bob@contoso.com', organisation: contosoTenantId },
    ];

    expect(findApprovedAccount(entries, companyOneDrive)).toBeNull();
  });
});

describe('approvedAccounts in the policy schema', () => {
  it('refuses an entry that approves a whole provider', () => {
    const result = policySchema.safeParse({
      version: 1,
      cloudSync: { approvedAccounts: [{ provider: 'dropbox' }] },
    });

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/name an account or an organisation/);
  });
});

describe('matchesPattern', () => {
  it('treats only * as special', () => {
    expect(matchesPattern('a.b@*.example', 'a.b@x.example')).toBe(true);
    expect(matchesPattern('a.b@*.example', 'aXb@x.example')).toBe(false);
    expect(matchesPattern('(team)', '(team)')).toBe(true);
    expect(matchesPattern('*', null)).toBe(false);
  });
});
