import { describe, expect, it } from 'vitest';

import { embeddedPolicy } from '../../../src-main/engine/policy/default-policy.ts';
import { effectivePolicy, resolveGroup } from '../../../src-main/engine/policy/groups.ts';
import { validatePolicyDocument } from '../../../src-main/engine/policy/load-policy.ts';
import type { Policy } from '../../../src-main/engine/policy/policy-schema.ts';

function valid(document: unknown): Policy {
  const result = validatePolicyDocument(document);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.policy;
}

const policy = valid({
  version: 1,
  removableVolumes: { action: 'block', mountRoots: ['/media'] },
  groups: [
    {
      id: 'it-operations',
      name: 'IT Operations',
      handlesBackups: true,
      members: { osGroups: ['ACME\\IT-Ops'] },
      overrides: { removableVolumes: { action: 'notify' }, prompt: { requireText: true } },
    },
    { id: 'sales', name: 'Sales', members: { users: ['bob'] }, monitoring: false },
    { id: 'everyone', name: 'Everyone else' },
  ],
  defaultGroup: 'everyone',
});

describe('groups', () => {
  it('ships the five standard groups, with IT Operations handling backups', () => {
    const groups = embeddedPolicy().groups;

    expect(groups.map((group) => group.id)).toEqual([
      'rnd',
      'sales',
      'executives',
      'it-operations',
      'everyone',
    ]);
    expect(groups.find((group) => group.id === 'it-operations')?.handlesBackups).toBe(true);
  });

  it('puts a user in the first group naming them or one of their OS groups, case-insensitively', () => {
    expect(resolveGroup(policy, 'carol', ['acme\\it-ops', 'users']).id).toBe('it-operations');
    expect(resolveGroup(policy, 'Bob', []).id).toBe('sales');
    expect(resolveGroup(policy, 'dave', ['users']).id).toBe('everyone');
  });

  it('applies a group’s overrides over the base settings, keeping the rest', () => {
    const group = resolveGroup(policy, 'carol', ['ACME\\IT-Ops']);

    const effective = effectivePolicy(policy, group);

    expect(effective.removableVolumes).toMatchObject({ action: 'notify', mountRoots: ['/media'] });
    expect(effective.prompt.requireText).toBe(true);
    expect(effectivePolicy(policy, resolveGroup(policy, 'dave', [])).removableVolumes.action).toBe(
      'block',
    );
  });

  it('locates an invalid override inside the group', () => {
    const result = validatePolicyDocument({
      version: 1,
      groups: [
        { id: 'rnd', name: 'R&D', overrides: { cloudSync: { action: 'shred' } } },
        { id: 'everyone', name: 'All' },
      ],
    });

    expect(!result.ok && result.errors.map((error) => error.path)).toEqual([
      '$.groups[0].overrides.cloudSync.action',
    ]);
  });

  it('refuses a default group that does not exist, and ids used twice', () => {
    const result = validatePolicyDocument({
      version: 1,
      groups: [
        { id: 'rnd', name: 'R&D' },
        { id: 'rnd', name: 'Research' },
      ],
      defaultGroup: 'everyone',
    });

    expect(!result.ok && result.errors.map((error) => error.path).sort()).toEqual([
      '$.defaultGroup',
      '$.groups[1].id',
    ]);
  });

  it('refuses overrides of machine-wide settings', () => {
    const result = validatePolicyDocument({
      version: 1,
      groups: [{ id: 'everyone', name: 'All', overrides: { activityLog: { maxAgeDays: 1 } } }],
    });

    expect(result.ok).toBe(false);
  });
});
