import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  loadSealedMasterKey,
  type SecretSealer,
} from '../../src-main/app/platform/sealed-master-key.ts';
import { loadOrCreateMasterKey } from '../../src-main/engine/actions/key-protector.ts';
import { createMemoryLogger } from '../../src-main/engine/base/logger.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

/**
 * A sealer over AES-256-GCM with a key of its own, standing in for the platform's secret store
 * (which needs Electron and a desktop session): it really encrypts, and fails on foreign data.
 */
function aesSealer(storeKey: Buffer = randomBytes(32)): SecretSealer & { sealCount: number } {
  return {
    name: 'test store',
    sealCount: 0,
    seal(plain) {
      this.sealCount++;
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', storeKey, nonce);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([nonce, cipher.getAuthTag(), sealed]));
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', storeKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
      return Promise.resolve({ plain: plain.toString('utf8'), reseal: false });
    },
  };
}

describe('loadSealedMasterKey', () => {
  let work: TempDirectory;
  let files: { sealedPath: string; plainPath: string };

  beforeEach(async () => {
    work = await createTempDirectory();
    files = {
      sealedPath: join(work.path, 'data', 'keys', 'k.sealed'),
      plainPath: join(work.path, 'data', 'keys', 'k'),
    };
  });
  afterEach(() => work.dispose());

  it('creates a key, seals it in an owner-only file, and loads the same key again', async () => {
    const sealer = aesSealer();

    const first = loadOrCreateMasterKey(
      await loadSealedMasterKey(files, sealer, createMemoryLogger()),
    );
    const again = loadOrCreateMasterKey(
      await loadSealedMasterKey(files, sealer, createMemoryLogger()),
    );

    expect(first).toHaveLength(32);
    expect(again).toEqual(first);
    expect((await stat(files.sealedPath)).mode & 0o777).toBe(0o600);
    // Made before the engine makes its data directory: private from the start
    expect((await stat(join(work.path, 'data')).then((folder) => folder.mode)) & 0o777).toBe(0o700);
    expect((await readFile(files.sealedPath)).includes(first)).toBe(false);
    expect((await readFile(files.sealedPath)).includes(Buffer.from(first.toString('base64')))).toBe(
      false,
    );
  });

  it('moves a plain key the headless agent left into the store and removes the plain file', async () => {
    const plainKey = randomBytes(32);
    await mkdir(join(work.path, 'data', 'keys'), { recursive: true });
    await writeFile(files.plainPath, plainKey, { mode: 0o600 });

    const protector = await loadSealedMasterKey(files, aesSealer(), createMemoryLogger());

    expect(loadOrCreateMasterKey(protector)).toEqual(plainKey);
    expect(await readdir(join(work.path, 'data', 'keys'))).toEqual(['k.sealed']);
  });

  it('sets aside a sealed key the store cannot open, and starts with a new key', async () => {
    const logger = createMemoryLogger();
    const old = loadOrCreateMasterKey(await loadSealedMasterKey(files, aesSealer(), logger));

    const fresh = loadOrCreateMasterKey(await loadSealedMasterKey(files, aesSealer(), logger));

    expect(fresh).not.toEqual(old);
    const names = await readdir(join(work.path, 'data', 'keys'));
    expect(names.some((name) => name.startsWith('k.sealed.unreadable-'))).toBe(true);
    expect(logger.records.some((entry) => entry.level === 'error')).toBe(true);
  });

  it('seals again when the store asks for it', async () => {
    const sealer = aesSealer();
    const key = loadOrCreateMasterKey(
      await loadSealedMasterKey(files, sealer, createMemoryLogger()),
    );
    const rotating = {
      ...sealer,
      sealCount: 0,
      open: async (sealed: Buffer) => ({ ...(await sealer.open(sealed)), reseal: true }),
    };

    const reloaded = loadOrCreateMasterKey(
      await loadSealedMasterKey(files, rotating, createMemoryLogger()),
    );

    expect(reloaded).toEqual(key);
    expect(rotating.sealCount).toBe(1);
  });
});
