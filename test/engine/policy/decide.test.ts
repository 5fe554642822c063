import { describe, expect, it } from 'vitest';

import type { Classification } from '../../../src-main/engine/classify/classification.ts';
import type { Destination } from '../../../src-main/engine/destinations/destination.ts';
import { decide } from '../../../src-main/engine/policy/decide.ts';
import { embeddedPolicy } from '../../../src-main/engine/policy/default-policy.ts';
import { policySchema } from '../../../src-main/engine/policy/policy-schema.ts';

const vhdx: Classification = {
  path: '/media/alice/STICK/disk.vhdx',
  sizeBytes: 4_194_304,
  isBackup: true,
  format: 'vhdx',
  category: 'disk-image',
  confidence: 'high',
  encrypted: null,
  reasons: ['"vhdxfile" at offset 0'],
};
const notes: Classification = {
  ...vhdx,
  isBackup: false,
  format: null,
  category: 'not-backup',
  confidence: null,
};

const stick: Destination = {
  id: 'volume:/media/alice/STICK',
  kind: 'removable-volume',
  path: '/media/alice/STICK',
  label: 'STICK',
  provider: null,
  account: null,
  device: null,
  evidence: ['mounted under mount root /media'],
};
const dropbox: Destination = {
  ...stick,
  id: 'cloud:dropbox:personal:/home/alice/Dropbox',
  kind: 'cloud-sync',
  path: '/home/alice/Dropbox',
  label: 'Dropbox (personal)',
  provider: 'dropbox',
};

describe('decide', () => {
  it('blocks a backup on a removable volume as an Unauthorized Device Transfer (medium)', () => {
    const decision = decide(embeddedPolicy(), vhdx, stick);

    expect(decision).toMatchObject({
      kind: 'act',
      detection: 'Unauthorized Device Transfer',
      risk: 'medium',
      action: 'block',
    });
  });

  it('blocks a backup in an unapproved sync folder as a Cloud Storage Upload (high)', () => {
    const decision = decide(embeddedPolicy(), vhdx, dropbox);

    expect(decision).toMatchObject({
      detection: 'Cloud Storage Upload',
      risk: 'high',
      action: 'block',
    });
  });

  it('only records a backup in an approved sync folder', () => {
    const policy = policySchema.parse({
      version: 1,
      cloudSync: { approvedFolders: ['/home/alice'] },
    });

    const decision = decide(policy, vhdx, dropbox);

    expect(decision).toMatchObject({ detection: null, action: 'audit' });
  });

  it('does not treat a sibling folder with a common prefix as approved', () => {
    const policy = policySchema.parse({
      version: 1,
      cloudSync: { approvedFolders: ['/home/alice/Drop'] },
    });

    const decision = decide(policy, vhdx, dropbox);

    expect(decision).toMatchObject({ detection: 'Cloud Storage Upload' });
  });

  it('records a backup of a kind the policy leaves out without acting on it', () => {
    const policy = policySchema.parse({ version: 1, backupCategories: ['database-dump'] });

    const decision = decide(policy, vhdx, stick);

    expect(decision).toMatchObject({
      kind: 'act',
      detection: null,
      action: null,
      reason: expect.stringContaining('disk-image') as string,
    });
  });

  it('records files that are not backups without acting, unless the policy ignores them', () => {
    const ignoring = policySchema.parse({ version: 1, nonBackupFiles: 'ignore' });

    expect(decide(embeddedPolicy(), notes, stick)).toMatchObject({
      kind: 'act',
      action: null,
      risk: 'none',
    });
    expect(decide(ignoring, notes, stick)).toEqual({ kind: 'ignore' });
  });
});
