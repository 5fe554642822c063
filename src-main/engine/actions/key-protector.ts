import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Protects the quarantine's master key at rest. The desktop host passes one backed by the
 * platform's secret store (Electron's safeStorage: Keychain on macOS, DPAPI on Windows, the
 * secret service on Linux). Headless, the key lives in a file of its own, readable only by its
 * owner and kept apart from the quarantined data.
 */
export interface KeyProtector {
  /** A short name for diagnostics, such as `file` or `safeStorage`. */
  readonly name: string;
  /** Returns the stored master key, or null when none was stored yet. */
  load(): Buffer | null;
  /** Stores a new master key. */
  store(key: Buffer): void;
}

/** Keeps the master key in a file with mode 0600. */
export class FileKeyProtector implements KeyProtector {
  readonly name = 'file';
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  load(): Buffer | null {
    try {
      const key = readFileSync(this.#path);
      return key.length === 32 ? key : null;
    } catch {
      return null;
    }
  }

  store(key: Buffer): void {
    mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
    writeFileSync(this.#path, key, { mode: 0o600, flag: 'wx' });
  }
}

/** Returns the master key, creating and storing one on first use. */
export function loadOrCreateMasterKey(protector: KeyProtector): Buffer {
  const existing = protector.load();
  if (existing !== null) {
    return existing;
  }
  const key = randomBytes(32);
  protector.store(key);
  return key;
}

/** A data key sealed under the master key, as stored beside a quarantine entry. */
export interface WrappedKey {
  nonce: string;
  sealed: string;
  tag: string;
}

/** Seals a per-entry data key under the master key (AES-256-GCM), binding it to `label`. */
export function wrapKey(masterKey: Buffer, dataKey: Buffer, label: string): WrappedKey {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(Buffer.from(label));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    nonce: nonce.toString('base64'),
    sealed: sealed.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a wrapped data key; throws when the master key or the label is wrong. */
export function unwrapKey(masterKey: Buffer, wrapped: WrappedKey, label: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(wrapped.nonce, 'base64'));
  decipher.setAAD(Buffer.from(label));
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(wrapped.sealed, 'base64')), decipher.final()]);
}
