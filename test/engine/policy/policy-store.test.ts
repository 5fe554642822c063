import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import type { Policy } from '../../../src-main/engine/policy/policy-schema.ts';
import { PolicyStore, type PolicyRejection } from '../../../src-main/engine/policy/policy-store.ts';
import { JsonFileSource } from '../../../src-main/engine/policy/sources/json-file-source.ts';
import type { PolicySource } from '../../../src-main/engine/policy/sources/policy-source.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';

describe('PolicyStore', () => {
  let folder: TempDirectory;
  let store: PolicyStore | null = null;
  let localFile: string;
  let managedFile: string;
  beforeEach(async () => {
    folder = await createTempDirectory();
    localFile = join(folder.path, 'policy.json');
    await mkdir(join(folder.path, 'etc'), { mode: 0o755 });
    await chmod(join(folder.path, 'etc'), 0o755);
    managedFile = join(folder.path, 'etc', 'policy.json');
  });
  afterEach(async () => {
    store?.dispose();
    await folder.dispose();
  });

  const local = (): PolicySource =>
    new JsonFileSource({ path: localFile, origin: { kind: 'file', path: localFile } });
  const managed = (): PolicySource =>
    new JsonFileSource({
      path: managedFile,
      origin: { kind: 'managed', location: managedFile },
      requireOwner: process.getuid?.() ?? 0,
    });

  function createStore(sources: PolicySource[]): PolicyStore {
    store = new PolicyStore({
      sources,
      logger: createMemoryLogger(),
      lastGoodFile: join(folder.path, 'data', 'last-good-policy.json'),
      reloadDelayMs: 20,
    });
    return store;
  }

  it('uses the embedded policy when no source holds one', async () => {
    const policyStore = createStore([managed()]);

    const rejection = await policyStore.start();

    expect(rejection).toBeNull();
    expect(policyStore.origin).toEqual({ kind: 'embedded' });
    expect(policyStore.policy.removableVolumes.action).toBe('block');
  });

  it('reports a malformed local file at start, naming the JSON path', async () => {
    await writeFile(localFile, '{"version": 1, "nonBackupFiles": "sometimes"}');
    const policyStore = createStore([managed(), local()]);

    const rejection = await policyStore.start();

    expect(rejection?.origin).toEqual({ kind: 'file', path: localFile });
    expect(rejection?.errors.map((error) => error.path)).toEqual(['$.nonBackupFiles']);
  });

  it('applies a changed file without a restart', async () => {
    await writeFile(localFile, '{"version": 1}');
    const policyStore = createStore([local()]);
    await policyStore.start();
    const changes: Policy[] = [];
    policyStore.onDidChange((policy) => changes.push(policy));

    await writeFile(localFile, '{"version": 1, "removableVolumes": {"action": "notify"}}');
    await waitFor(() => changes.length === 1, 5_000, 'the policy change');

    expect(policyStore.policy.removableVolumes.action).toBe('notify');
  });

  it('keeps the last good policy when the file turns malformed, and reports it', async () => {
    await writeFile(localFile, '{"version": 1, "cloudSync": {"action": "audit"}}');
    const policyStore = createStore([local()]);
    await policyStore.start();
    const rejections: PolicyRejection[] = [];
    policyStore.onDidReject((rejection) => rejections.push(rejection));

    // Replace the file by rename, as editors and device management do
    await writeFile(`${localFile}.tmp`, '{"version": 1, "cloudSync": {"action": ');
    await rename(`${localFile}.tmp`, localFile);
    await waitFor(() => rejections.length > 0, 5_000, 'the rejection');

    expect(rejections[0]?.errors[0]?.message).toContain('not valid JSON');
    expect(policyStore.policy.cloudSync.action).toBe('audit');
  });

  it('lets managed policy win over the local file', async () => {
    await writeFile(localFile, '{"version": 1, "removableVolumes": {"action": "audit"}}');
    await writeFile(managedFile, '{"version": 1, "removableVolumes": {"action": "block"}}', {
      mode: 0o644,
    });
    const policyStore = createStore([managed(), local()]);

    await policyStore.start();

    expect(policyStore.origin).toEqual({ kind: 'managed', location: managedFile });
    expect(policyStore.policy.removableVolumes.action).toBe('block');
  });

  it('refuses a managed file that others may write, so a user cannot weaken it', async () => {
    await writeFile(managedFile, '{"version": 1, "removableVolumes": {"action": "audit"}}');
    await chmod(managedFile, 0o666);
    const policyStore = createStore([managed()]);

    const rejection = await policyStore.start();

    expect(rejection?.errors[0]?.message).toContain('lets others write it');
    expect(policyStore.policy.removableVolumes.action).toBe('block');
  });

  it.runIf(canRun({ root: true }))('refuses a managed file that root does not own', async () => {
    await writeFile(managedFile, '{"version": 1}', { mode: 0o644 });
    const { chown } = await import('node:fs/promises');
    await chown(managedFile, 1234, 1234);
    const policyStore = createStore([
      new JsonFileSource({
        path: managedFile,
        origin: { kind: 'managed', location: managedFile },
        requireOwner: 0,
      }),
    ]);

    const rejection = await policyStore.start();

    expect(rejection?.errors[0]?.message).toContain('belongs to uid 1234');
  });

  it('keeps the last good managed policy in force across a restart when the new one is malformed', async () => {
    await writeFile(managedFile, '{"version": 1, "removableVolumes": {"action": "notify"}}', {
      mode: 0o644,
    });
    await createStore([managed()]).start();
    store?.dispose();

    await writeFile(managedFile, '{"version": 1, "removableVolumes": {"action": "allow"}}', {
      mode: 0o644,
    });
    const restarted = createStore([managed()]);
    const rejection = await restarted.start();

    expect(rejection?.errors[0]?.path).toBe('$.removableVolumes.action');
    expect(restarted.origin.kind).toBe('managed');
    expect(restarted.policy.removableVolumes.action).toBe('notify');
  });
});
