import { join } from 'node:path';

import type { SafeStorage } from 'electron';

import { FileKeyProtector, type KeyProtector } from '../../engine/actions/key-protector.ts';
import type { Logger } from '../../engine/base/logger.ts';
import { loadSealedMasterKey } from './sealed-master-key.ts';

/**
 * The quarantine key's protector for the desktop host: the platform's secret store through
 * safeStorage where it really encrypts, else the engine's owner-only file. On Linux without a
 * secret service, safeStorage falls back to a fixed password (`basic_text`), which protects
 * nothing, so the file is used instead and the reason logged.
 */
export async function chooseKeyProtector(
  dataDir: string,
  safeStorage: SafeStorage,
  logger: Logger,
): Promise<KeyProtector> {
  const plainPath = join(dataDir, 'keys', 'quarantine.key');

  // A secret store that really encrypts
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const available = await safeStorage.isAsyncEncryptionAvailable();
  if (!available || backend === 'basic_text' || backend === 'unknown') {
    logger.warn(
      `no secret store encrypts here (${backend ?? 'unavailable'}); the quarantine key stays in ${plainPath}, readable by its owner only`,
    );
    return new FileKeyProtector(plainPath);
  }

  return loadSealedMasterKey(
    { sealedPath: join(dataDir, 'keys', 'quarantine.key.sealed'), plainPath },
    {
      name: backend === null ? 'safeStorage' : `safeStorage (${backend})`,
      seal: (plain) => safeStorage.encryptStringAsync(plain),
      open: async (sealed) => {
        const opened = await safeStorage.decryptStringAsync(sealed);
        return { plain: opened.result, reseal: opened.shouldReEncrypt };
      },
    },
    logger,
  );
}
