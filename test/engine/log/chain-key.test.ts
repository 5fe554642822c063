import { stat, writeFile, readFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  chainKeyFingerprint,
  ChainKeyError,
  loadOrCreateChainKey,
  readChainKey,
} from '../../../src-main/engine/log/chain-key.ts';
import { createTempDirectory, type TempDirectory } from '../../support/temp.ts';

describe('chain key', () => {
  let folder: TempDirectory;
  let path: string;
  beforeEach(async () => {
    folder = await createTempDirectory();
    path = join(folder.path, 'activity-log.key');
  });
  afterEach(() => folder.dispose());

  it('creates 32 random bytes in a file of its own, readable by its owner only', async () => {
    const { key, created } = loadOrCreateChainKey(path);

    const stats = await stat(path);
    expect(created).toBe(true);
    expect(key.bytes).toHaveLength(32);
    expect((await readFile(path, 'utf8')).trim()).toBe(key.bytes.toString('hex'));
    expect(stats.mode & 0o777).toBe(0o600);
    expect(key.fingerprint).toBe(chainKeyFingerprint(key.bytes));
  });

  it('reuses the key once made', () => {
    const first = loadOrCreateChainKey(path);

    const second = loadOrCreateChainKey(path);

    expect(second.created).toBe(false);
    expect(second.key.bytes.equals(first.key.bytes)).toBe(true);
  });

  it('makes a different key for each install', () => {
    const first = loadOrCreateChainKey(path).key;

    const other = loadOrCreateChainKey(join(folder.path, 'other.key')).key;

    expect(other.bytes.equals(first.bytes)).toBe(false);
  });

  it.runIf(process.platform !== 'win32')('takes back access someone widened', async () => {
    loadOrCreateChainKey(path);
    await chmod(path, 0o644);

    readChainKey(path);

    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['too short', 'abcd\n'],
    ['not hex', `${'zz'.repeat(32)}\n`],
    ['far too long', 'a'.repeat(10_000)],
  ])('refuses a key file that is %s', async (_name, content) => {
    await writeFile(path, content);

    expect(() => readChainKey(path)).toThrow(ChainKeyError);
  });

  it('tells a missing key from a malformed one', () => {
    let problem: string | null = null;
    try {
      readChainKey(path);
    } catch (error) {
      problem = (error as ChainKeyError).problem;
    }

    expect(problem).toBe('missing');
  });
});
