import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FingerprintStore } from '../../../src-main/engine/fingerprint/fingerprint-store.ts';
import { currentSchemaVersion } from '../../../src-main/engine/fingerprint/migrations/migrate.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';

describe('FingerprintStore', () => {
  let temp: TempDirectory;

  beforeAll(async () => {
    temp = await createTempDirectory('copywarden-fingerprint-store-');
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('creates its schema at the current version', () => {
    // Act
    const path = join(temp.path, 'new.sqlite');
    new FingerprintStore(path).dispose();

    // Assert
    const database = new DatabaseSync(path);
    const row = database.prepare('PRAGMA user_version').get() as { user_version: number };
    database.close();
    expect(row.user_version).toBe(currentSchemaVersion);
  });

  it('refuses a database from a newer build rather than damage it', () => {
    // Arrange
    const path = join(temp.path, 'newer.sqlite');
    const database = new DatabaseSync(path);
    database.exec(`PRAGMA user_version = ${currentSchemaVersion + 1}`);
    database.close();

    // Act and assert
    expect(() => new FingerprintStore(path)).toThrow(/newer than this build/);
  });

  it('drops the files of a finished scan that the scan did not see', () => {
    // Arrange: two files, then a scan that sees only one
    const store = new FingerprintStore(join(temp.path, 'scan.sqlite'));
    const repository = store.ensureRepository('/repo', 'Repo');
    const file = (relativePath: string) => ({
      kind: 'fingerprinted' as const,
      file: { relativePath, sizeBytes: 4096, mtimeMs: 1, fingerprint: relativePath },
    });
    const first = store.beginScan(repository.id);
    store.writeBatch(repository.id, first, [file('a'), file('b')]);
    store.finishScan(repository.id, first);

    // Act
    const second = store.beginScan(repository.id);
    store.writeBatch(repository.id, second, [{ kind: 'unchanged', relativePath: 'a' }]);
    store.finishScan(repository.id, second);

    // Assert
    expect(store.findByFingerprint(4096, 'a')).toHaveLength(1);
    expect(store.findByFingerprint(4096, 'b')).toHaveLength(0);
    expect(store.repository('/repo')).toMatchObject({ state: 'ready', fileCount: 1 });
    store.dispose();
  });
});
