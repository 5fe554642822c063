import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLayoutRoot } from '../../../src-main/engine/classify/folders/find-layout-root.ts';
import { LayoutProbeCache } from '../../../src-main/engine/classify/folders/layout-probe-cache.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory } from '../../support/temp.ts';
import { iosDeviceId, writeIosBackup, writeOrdinaryFolders } from './support/layout-folders.ts';

describe.runIf(canRun({ tools: ['restic', 'sqlite3'] }))('findLayoutRoot', () => {
  let temp: TempDirectory;
  let destination: string;
  const at = (...parts: string[]): string => join(destination, ...parts);

  beforeAll(async () => {
    // A destination holding a real restic repository, an iOS backup and a plain project
    temp = await createTempDirectory('copywarden-layout-root-');
    destination = join(temp.path, 'usb');
    await writeFile(join(temp.path, 'secret.txt'), 'a file to back up, outside the destination\n');
    await mkdir(at('copies'), { recursive: true });
    execFileSync('restic', ['init', '-q', '-r', at('copies', 'restic-repo')], {
      env: { ...process.env, RESTIC_PASSWORD: 'pw', XDG_CACHE_HOME: join(temp.path, 'cache') },
      stdio: 'pipe',
    });
    await writeIosBackup(at('phone'), { encrypted: false, binaryPlist: false });
    await writeOrdinaryFolders(destination);
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('finds the repository above a file deep inside it', async () => {
    // Arrange: the key file restic wrote
    const keysFolder = at('copies', 'restic-repo', 'keys');
    const keyFile = join(keysFolder, readdirSync(keysFolder)[0] ?? '');

    // Act
    const root = await findLayoutRoot(keyFile, destination);

    // Assert
    expect(root).toMatchObject({
      path: at('copies', 'restic-repo'),
      format: 'restic-repository',
      confidence: 'high',
    });
  });

  it('finds a repository by the shape of a data path before any marker file landed', async () => {
    // Arrange: a restic pack in a folder that holds nothing else yet
    const hash = `3f${'0'.repeat(62)}`;
    await mkdir(at('early', 'data', '3f'), { recursive: true });
    await writeFile(at('early', 'data', '3f', hash), new Uint8Array(4096));

    // Act
    const root = await findLayoutRoot(at('early', 'data', '3f', hash), destination);

    // Assert
    expect(root).toMatchObject({
      path: at('early'),
      format: 'restic-repository',
      confidence: 'medium',
    });
  });

  it('finds an iOS backup from one of its hashed files', async () => {
    // Act
    const root = await findLayoutRoot(
      at('phone', iosDeviceId, 'ab', 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12'),
      destination,
    );

    // Assert
    expect(root).toMatchObject({ path: at('phone', iosDeviceId), format: 'ios-backup' });
  });

  it('counts the destination root itself when a repository was copied into it', async () => {
    // Arrange: a destination whose root is a Duplicity target
    const volume = join(temp.path, 'volume');
    const volumeFile = join(volume, 'duplicity-full.20240501T120000Z.vol1.difftar.gz');
    await mkdir(volume);
    await writeFile(volumeFile, new Uint8Array(64));

    // Act
    const root = await findLayoutRoot(volumeFile, volume);

    // Assert
    expect(root).toMatchObject({ path: volume, format: 'duplicity-backup' });
  });

  it('returns null for files in ordinary folders and for files outside the destination', async () => {
    // Act
    const ordinary = await findLayoutRoot(at('project', 'data', 'seed.csv'), destination);
    const outside = await findLayoutRoot(join(temp.path, 'secret.txt'), destination);
    const vanished = await findLayoutRoot(at('gone', 'deeper', 'file.bin'), destination);

    // Assert
    expect(ordinary).toBeNull();
    expect(outside).toBeNull();
    expect(vanished).toBeNull();
  });

  it('reuses probes from the cache, and probes again once they expire', async () => {
    // Arrange: a folder probed before its markers landed
    let nowMs = 0;
    const cache = new LayoutProbeCache({ ttlMs: 1_000, now: () => nowMs });
    const repository = at('late');
    await mkdir(join(repository, 'packs'), { recursive: true });
    await writeFile(join(repository, 'packs', 'blob'), 'x');
    const before = await findLayoutRoot(join(repository, 'packs', 'blob'), destination, cache);
    const probedFolders = cache.size;

    // Act: the Kopia marker lands; within the time to live the old probe answers
    await writeFile(join(repository, 'kopia.repository.f'), '{}');
    const cached = await findLayoutRoot(join(repository, 'packs', 'blob'), destination, cache);
    nowMs += 1_001;
    const fresh = await findLayoutRoot(join(repository, 'packs', 'blob'), destination, cache);

    // Assert
    expect(before).toBeNull();
    expect(probedFolders).toBe(3);
    expect(cached).toBeNull();
    expect(fresh).toMatchObject({ path: repository, format: 'kopia-repository' });
  });

  it('keeps at most its maximum of folders, dropping the oldest', async () => {
    // Arrange
    const cache = new LayoutProbeCache({ maxFolders: 2 });

    // Act: a file two folders below the destination probes three folders
    await findLayoutRoot(at('project', 'src', 'main.c'), destination, cache);
    const afterOne = cache.size;
    await findLayoutRoot(at('photos', 'a.jpg'), destination, cache);

    // Assert
    expect(afterOne).toBe(2);
    expect(cache.size).toBe(2);
    expect(cache.get(destination)).toBeDefined();
    expect(cache.get(at('project'))).toBeUndefined();
  });
});
