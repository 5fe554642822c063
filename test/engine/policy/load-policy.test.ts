import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { embeddedPolicySource } from '../../../src-main/engine/policy/default-policy.ts';
import {
  loadPolicyFile,
  maxPolicyFileBytes,
  parsePolicy,
} from '../../../src-main/engine/policy/load-policy.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

describe('parsePolicy', () => {
  it('accepts the embedded default and fills in every default', () => {
    const result = parsePolicy(JSON.stringify(embeddedPolicySource));

    expect(result.ok).toBe(true);
    expect(result.ok && result.policy.detections.cloudStorageUpload.risk).toBe('high');
    expect(result.ok && result.policy.detections.unauthorizedDeviceTransfer.risk).toBe('medium');
  });

  it('accepts a minimal policy', () => {
    const result = parsePolicy('{"version": 1}');

    expect(result.ok && result.policy.removableVolumes.action).toBe('block');
  });

  it('names the JSON path of a wrong value and what was expected', () => {
    const result = parsePolicy('{"version": 1, "cloudSync": {"action": "blok"}}');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        path: '$.cloudSync.action',
        message: expect.stringContaining('"audit"|"notify"|"prompt"|"block"') as string,
      },
    ]);
  });

  it('names array elements by index', () => {
    const result = parsePolicy('{"version": 1, "cloudSync": {"approvedFolders": ["/a", 3]}}');

    expect(!result.ok && result.errors[0]?.path).toBe('$.cloudSync.approvedFolders[1]');
  });

  it('refuses unknown keys, so that a misspelt setting is not silently ignored', () => {
    const result = parsePolicy('{"version": 1, "removableVolume": {}}');

    expect(!result.ok && result.errors[0]?.message).toContain('removableVolume');
  });

  it('refuses another format version', () => {
    const result = parsePolicy('{"version": 2}');

    expect(!result.ok && result.errors[0]?.path).toBe('$.version');
  });

  it('reports text that is not JSON at the root path', () => {
    const result = parsePolicy('{"version": 1,');

    expect(!result.ok && result.errors[0]).toMatchObject({
      path: '$',
      message: expect.stringContaining('not valid JSON') as string,
    });
  });
});

describe('loadPolicyFile', () => {
  let folder: TempDirectory;
  beforeEach(async () => {
    folder = await createTempDirectory();
  });
  afterEach(() => folder.dispose());

  it('reports a missing file as an error, not a throw', async () => {
    const result = await loadPolicyFile(join(folder.path, 'missing.json'));

    expect(!result.ok && result.errors[0]?.message).toContain('ENOENT');
  });

  it('refuses a file over the size limit without parsing it', async () => {
    const path = join(folder.path, 'huge.json');
    await writeFile(path, ' '.repeat(maxPolicyFileBytes + 1));

    const result = await loadPolicyFile(path);

    expect(!result.ok && result.errors[0]?.message).toContain('limit');
  });
});
