import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { KeyProtector } from '../../engine/actions/key-protector.ts';
import type { Logger } from '../../engine/base/logger.ts';

/** Seals and opens a secret with the platform's secret store (Electron's safeStorage). */
export interface SecretSealer {
  /** The store's name, for diagnostics, such as `safeStorage (gnome_libsecret)`. */
  readonly name: string;
  seal(plain: string): Promise<Buffer>;
  /**
   * Opens `sealed`; `reseal` tells that the store rotated its key and the secret should be
   * sealed again. Rejects when the store cannot open it (another user, a reset keychain).
   */
  open(sealed: Buffer): Promise<{ plain: string; reseal: boolean }>;
}

/** Where the key lives. */
export interface SealedKeyFiles {
  /** The sealed key file. */
  sealedPath: string;
  /** Where the headless agent keeps its key in plain form (0600); moved in, then removed. */
  plainPath: string;
}

/** The size of the quarantine's master key. */
const masterKeyBytes = 32;

/** The most bytes read from a key file. */
const maxKeyFileBytes = 4096;

/**
 * Loads the quarantine's master key sealed by the platform's secret store (Keychain, DPAPI, the
 * secret service): the sealed file's key, else a plain key the headless agent left (sealed from
 * now on, the plain file removed), else a new key. Returns a protector that hands the engine
 * that key; the secret store's calls are asynchronous, the engine's protector is not.
 */
export async function loadSealedMasterKey(
  files: SealedKeyFiles,
  sealer: SecretSealer,
  logger: Logger,
): Promise<KeyProtector> {
  const log = logger.child('KeyProtector');
  const protector = (key: Buffer): KeyProtector => ({
    name: sealer.name,
    load: () => key,
    store: () => {
      throw new Error('The sealed quarantine key exists already.');
    },
  });

  // The sealed key
  const sealed = await readSealed(files.sealedPath, sealer, log);
  if (sealed !== null) {
    return protector(sealed);
  }

  // A plain key from the headless agent, or a new one; sealed before the plain file goes
  const plain = await readBounded(files.plainPath);
  const key = plain?.length === masterKeyBytes ? plain : randomBytes(masterKeyBytes);
  await writeSealed(files.sealedPath, key, sealer);
  if (plain !== null) {
    await unlink(files.plainPath);
    log.info(`moved the quarantine key into ${sealer.name}`);
  }
  return protector(key);
}

/** The sealed key; null when there is none, or when it cannot be opened (then set aside). */
async function readSealed(path: string, sealer: SecretSealer, log: Logger): Promise<Buffer | null> {
  const sealed = await readBounded(path);
  if (sealed === null) {
    return null;
  }

  try {
    const opened = await sealer.open(sealed);
    const key = Buffer.from(opened.plain, 'base64');
    if (key.length === masterKeyBytes) {
      if (opened.reseal) {
        await writeSealed(path, key, sealer);
      }
      return key;
    }
  } catch (error) {
    log.warn(`${sealer.name} cannot open ${path}`, error);
  }

  // Files quarantined under the lost key cannot be restored; keep the evidence, start anew
  const aside = `${path}.unreadable-${Date.now()}`;
  await rename(path, aside);
  log.error(`set the unreadable quarantine key aside as ${aside}`);
  return null;
}

/** Seals `key` into `path` (owner-only), replacing the file in one step. */
async function writeSealed(path: string, key: Buffer, sealer: SecretSealer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const sealed = await sealer.seal(key.toString('base64'));
  const temporary = `${path}.new`;
  await writeFile(temporary, sealed, { mode: 0o600 });
  await rename(temporary, path);
}

/** A key file's bytes; null when it does not exist or is too large to be one. */
async function readBounded(path: string): Promise<Buffer | null> {
  try {
    const bytes = await readFile(path);
    return bytes.length <= maxKeyFileBytes ? bytes : null;
  } catch {
    return null;
  }
}
