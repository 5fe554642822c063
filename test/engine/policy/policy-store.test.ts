import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import type { Policy } from '../../../src-main/engine/policy/policy-schema.ts';
import { PolicyStore, type PolicyRejection } from '../../../src-main/engine/policy/policy-store.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';

describe('PolicyStore', () => {
  let folder: TempDirectory;
  let store: PolicyStore;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(async () => {
    store.dispose();
    await folder.dispose();
  });

  it('uses the embedded policy when no file is given', async () => {
    store = new PolicyStore({ policyFile: null, logger: createMemoryLogger() });

    const errors = await store.start();

    expect(errors).toEqual([]);
    expect(store.origin).toEqual({ kind: 'embedded' });
    expect(store.policy.removableVolumes.action).toBe('block');
  });

  it('returns the errors of a malformed file at start', async () => {
    const file = join(folder.path, 'policy.json');
    await writeFile(file, '{"version": 1, "nonBackupFiles": "sometimes"}');
    store = new PolicyStore({ policyFile: file, logger: createMemoryLogger() });

    const errors = await store.start();

    expect(errors.map((error) => error.path)).toEqual(['$.nonBackupFiles']);
  });

  it('applies a changed file without a restart', async () => {
    const file = join(folder.path, 'policy.json');
    await writeFile(file, '{"version": 1}');
    store = new PolicyStore({ policyFile: file, logger: createMemoryLogger(), reloadDelayMs: 20 });
    await store.start();
    const changes: Policy[] = [];
    store.onDidChange((policy) => changes.push(policy));

    await writeFile(file, '{"version": 1, "removableVolumes": {"action": "notify"}}');
    await waitFor(() => changes.length === 1, 5_000, 'the policy change');

    expect(store.policy.removableVolumes.action).toBe('notify');
  });

  it('keeps the last good policy when the file turns malformed, and reports it', async () => {
    const file = join(folder.path, 'policy.json');
    await writeFile(file, '{"version": 1, "cloudSync": {"action": "audit"}}');
    store = new PolicyStore({ policyFile: file, logger: createMemoryLogger(), reloadDelayMs: 20 });
    await store.start();
    const rejections: PolicyRejection[] = [];
    store.onDidReject((rejection) => rejections.push(rejection));

    // Replace the file by rename, as editors and MDM agents do
    await writeFile(
      join(folder.path, 'policy.json.tmp'),
      '{"version": 1, "cloudSync": {"action": ',
    );
    await rename(join(folder.path, 'policy.json.tmp'), file);
    await waitFor(() => rejections.length > 0, 5_000, 'the rejection');

    expect(rejections[0]?.errors[0]?.message).toContain('not valid JSON');
    expect(store.policy.cloudSync.action).toBe('audit');
  });
});
