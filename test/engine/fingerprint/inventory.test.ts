import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src-main/engine/base/logger.ts';
import type { InventoryOptions } from '../../../src-main/engine/fingerprint/inventory.ts';
import { Inventory } from '../../../src-main/engine/fingerprint/inventory.ts';
import type { ScanProgress } from '../../../src-main/engine/fingerprint/repository-scan.ts';
import { canRun } from '../../support/requirements.ts';
import type { TempDirectory } from '../../support/temp.ts';
import { createTempDirectory, delay, waitFor } from '../../support/temp.ts';

describe.runIf(canRun({ tools: ['restic'] }))('Inventory', () => {
  let temp: TempDirectory;
  let resticRepository: string;
  let vault: string;
  let landing: string;
  const inventories: Inventory[] = [];
  const logger = createMemoryLogger();

  /** An inventory of the restic repository and the vault of encrypted-looking blobs. */
  function createInventory(options: Partial<InventoryOptions> = {}): Inventory {
    const inventory = new Inventory({
      dataDir: join(temp.path, 'data'),
      repositories: [
        { path: resticRepository, name: 'Nightly restic' },
        { path: vault, name: 'Vault' },
      ],
      logger,
      ...options,
    });
    inventories.push(inventory);
    return inventory;
  }

  /** The first file restic wrote under data/, the pack that holds the backed-up bytes. */
  function resticPack(): string {
    const data = join(resticRepository, 'data');
    for (const prefix of readdirSync(data)) {
      const [pack] = readdirSync(join(data, prefix));
      if (pack !== undefined) {
        return join(data, prefix, pack);
      }
    }
    throw new Error('restic wrote no pack');
  }

  beforeAll(async () => {
    // A real restic repository, and a folder of random blobs that look like encrypted data
    temp = await createTempDirectory('copywarden-inventory-');
    resticRepository = join(temp.path, 'restic-repo');
    vault = join(temp.path, 'vault');
    landing = join(temp.path, 'usb');
    await mkdir(join(temp.path, 'source'));
    await mkdir(vault);
    await mkdir(landing);
    await writeFile(join(temp.path, 'source', 'ledger.bin'), randomBytes(300 * 1024));
    const env = { ...process.env, RESTIC_PASSWORD: 'pw', XDG_CACHE_HOME: join(temp.path, 'cache') };
    execFileSync('restic', ['init', '-q', '-r', resticRepository], { env, stdio: 'pipe' });
    execFileSync('restic', ['backup', '-q', '-r', resticRepository, join(temp.path, 'source')], {
      env,
      stdio: 'pipe',
    });
    await writeFile(join(vault, 'blob-0001.age'), randomBytes(512 * 1024));
    await writeFile(join(vault, 'blob-0002.age'), randomBytes(70 * 1024));
    await writeFile(join(vault, 'tiny.lock'), 'locked');
  }, 60_000);

  afterEach(async () => {
    for (const inventory of inventories.splice(0)) {
      await inventory.dispose();
    }
  });

  afterAll(async () => {
    await temp.dispose();
  });

  it('starts without waiting for the scan and reports its progress', async () => {
    // Arrange
    const inventory = createInventory();
    const progress: ScanProgress[] = [];
    inventory.onDidProgress((event) => progress.push(event));

    // Act
    inventory.start();
    const eventsAtStart = progress.length;
    await inventory.whenIdle();

    // Assert: nothing before start returned; then counting, fingerprinting and done per repository
    expect(eventsAtStart).toBe(0);
    for (const path of [resticRepository, vault]) {
      const phases = progress.filter((event) => event.repositoryPath === path);
      expect(phases.map((event) => event.phase)).toEqual(
        expect.arrayContaining(['counting', 'fingerprinting', 'done']),
      );
      const done = phases.find((event) => event.phase === 'done');
      expect(done?.filesDone).toBe(done?.filesTotal);
      expect(done?.filesTotal).toBeGreaterThan(0);
    }
    const vaultDone = progress.find(
      (event) => event.repositoryPath === vault && event.phase === 'done',
    );
    expect(vaultDone).toMatchObject({ filesTotal: 3, filesFingerprinted: 2 });
    expect(vaultDone?.bytesRead).toBe(3 * 16 * 1024 + 48 * 1024);
  });

  it('recognises renamed copies of a restic pack and of a random blob, naming the originals', async () => {
    // Arrange
    const inventory = createInventory();
    await inventory.rescan();
    const pack = resticPack();
    await copyFile(pack, join(landing, 'holiday.jpg'));
    await copyFile(join(vault, 'blob-0001.age'), join(landing, 'notes.txt'));

    // Act
    const packLookup = await inventory.lookup(join(landing, 'holiday.jpg'));
    const blobLookup = await inventory.lookup(join(landing, 'notes.txt'));

    // Assert
    expect(packLookup).toMatchObject({
      ok: true,
      matches: [
        { originalPath: pack, repositoryPath: resticRepository, repositoryName: 'Nightly restic' },
      ],
    });
    expect(blobLookup).toMatchObject({
      ok: true,
      matches: [{ originalPath: join(vault, 'blob-0001.age'), repositoryName: 'Vault' }],
    });
  });

  it('does not recognise a modified copy, and reads nothing for a size no repository file has', async () => {
    // Arrange
    const inventory = createInventory();
    await inventory.rescan();
    const blob = readFileSync(join(vault, 'blob-0001.age'));
    blob[100] = (blob[100] ?? 0) ^ 0xff;
    await writeFile(join(landing, 'edited.bin'), blob);
    await writeFile(join(landing, 'unrelated.bin'), randomBytes(123_457));

    // Act
    const edited = await inventory.lookup(join(landing, 'edited.bin'));
    const unrelated = await inventory.lookup(join(landing, 'unrelated.bin'));

    // Assert
    expect(edited).toMatchObject({ ok: true, matches: [], bytesRead: 3 * 16 * 1024 });
    expect(unrelated).toMatchObject({ ok: true, matches: [], bytesRead: 0 });
  });

  it('confirms a copy with full SHA-256 evidence, and tells a copy changed outside the samples', async () => {
    // Arrange: an exact copy, and one changed between the sampled blocks
    const inventory = createInventory();
    await inventory.rescan();
    const original = readFileSync(join(vault, 'blob-0001.age'));
    const changed = Buffer.from(original);
    changed[128 * 1024] = (changed[128 * 1024] ?? 0) ^ 0xff;
    await writeFile(join(landing, 'exact.bin'), original);
    await writeFile(join(landing, 'subtle.bin'), changed);
    const exact = await inventory.lookup(join(landing, 'exact.bin'));
    const subtle = await inventory.lookup(join(landing, 'subtle.bin'));
    const exactMatch = exact.ok ? exact.matches[0] : undefined;
    const subtleMatch = subtle.ok ? subtle.matches[0] : undefined;
    if (exactMatch === undefined || subtleMatch === undefined) {
      throw new Error('both copies must match by sampled fingerprint');
    }

    // Act
    const exactEvidence = await inventory.evidence(join(landing, 'exact.bin'), exactMatch);
    const subtleEvidence = await inventory.evidence(join(landing, 'subtle.bin'), subtleMatch);

    // Assert
    const sha256 = createHash('sha256').update(original).digest('hex');
    expect(exactEvidence).toEqual({
      landedSha256: sha256,
      originalSha256: sha256,
      identical: true,
    });
    expect(subtleEvidence).toMatchObject({ originalSha256: sha256, identical: false });
  });

  it('picks up new and deleted repository files on a rescan, reading only the new ones', async () => {
    // Arrange
    const inventory = createInventory();
    await inventory.rescan();
    await writeFile(join(vault, 'blob-0003.age'), randomBytes(90 * 1024));
    await copyFile(join(vault, 'blob-0002.age'), join(landing, 'old-blob.bin'));
    await rm(join(vault, 'blob-0002.age'));
    await copyFile(join(vault, 'blob-0003.age'), join(landing, 'new-blob.bin'));
    const progress: ScanProgress[] = [];
    inventory.onDidProgress((event) => progress.push(event));

    // Act
    await inventory.rescan();

    // Assert
    const vaultDone = progress.find(
      (event) => event.repositoryPath === vault && event.phase === 'done',
    );
    expect(vaultDone).toMatchObject({ filesFingerprinted: 1, filesTotal: 3 });
    expect(await inventory.lookup(join(landing, 'new-blob.bin'))).toMatchObject({
      matches: [{ originalPath: join(vault, 'blob-0003.age') }],
    });
    expect(await inventory.lookup(join(landing, 'old-blob.bin'))).toMatchObject({ matches: [] });
  });

  it('logs a vanished repository as a warning and keeps what it inventoried', async () => {
    // Arrange: a repository inventoried, then gone
    const doomed = join(temp.path, 'doomed');
    await mkdir(doomed);
    await writeFile(join(doomed, 'segment.bin'), randomBytes(40 * 1024));
    await copyFile(join(doomed, 'segment.bin'), join(landing, 'segment-copy.bin'));
    const inventory = createInventory({ repositories: [{ path: doomed }] });
    await inventory.rescan();
    await rm(doomed, { recursive: true });
    logger.records.length = 0;

    // Act
    await inventory.rescan();
    await inventory.rescan();

    // Assert: one warning, not one per pass; the copy is still recognised
    const warnings = logger.records.filter((record) => record.level === 'warn');
    expect(warnings.map((record) => record.message)).toEqual([
      `repository ${doomed} is not reachable; keeping the 1 files inventoried earlier`,
    ]);
    expect(inventory.repositories()).toMatchObject([{ path: doomed, state: 'unreachable' }]);
    expect(await inventory.lookup(join(landing, 'segment-copy.bin'))).toMatchObject({
      matches: [{ originalPath: join(doomed, 'segment.bin') }],
    });
  });

  it('keeps its inventory across restarts and forgets repositories the policy drops', async () => {
    // Arrange: inventory once, then start over on the same data directory
    const first = createInventory();
    await first.rescan();
    await first.dispose();
    await copyFile(join(vault, 'blob-0001.age'), join(landing, 'again.bin'));
    const second = createInventory();

    // Act: before any scan of its own, then after the vault leaves the policy
    const beforeScan = await second.lookup(join(landing, 'again.bin'));
    second.setRepositories([{ path: resticRepository }]);
    await second.whenIdle();
    const afterDrop = await second.lookup(join(landing, 'again.bin'));

    // Assert
    expect(beforeScan).toMatchObject({ matches: [{ originalPath: join(vault, 'blob-0001.age') }] });
    expect(afterDrop).toMatchObject({ matches: [] });
    expect(second.repositories().map((repository) => repository.path)).toEqual([resticRepository]);
  });

  it('rescans on its interval until disposed, then stops and answers nothing', async () => {
    // Arrange
    const inventory = createInventory({ rescanIntervalMs: 50 });
    let passes = 0;
    inventory.onDidProgress((event) => {
      if (event.phase === 'done' && event.repositoryPath === vault) {
        passes++;
      }
    });

    // Act
    inventory.start();
    await waitFor(() => passes >= 3, 10_000, 'three passes');
    await inventory.dispose();
    const passesAtDispose = passes;
    await delay(200);

    // Assert
    expect(passes).toBe(passesAtDispose);
    expect(await inventory.lookup(join(vault, 'blob-0001.age'))).toMatchObject({ matches: [] });
  });
});
