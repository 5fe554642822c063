import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { createMemoryLogger } from '../../src-main/engine/base/logger.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

/**
 * A copied backup folder is one backup with one event, and a renamed copy of a repository file
 * is known by its fingerprint: real restic repository, real volume, real engine.
 */
describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, 'restic'] }))(
  'backup folders and repositories',
  () => {
    let work: TempDirectory;
    let volume: TestVolume | null = null;
    let engine: Engine | null = null;
    let events: ActivityEvent[];
    beforeEach(async () => {
      work = await createTempDirectory();
      events = [];
    });
    afterEach(async () => {
      await engine?.dispose();
      await volume?.dispose();
      await work.dispose();
    });

    async function start(policy: Record<string, unknown>): Promise<string> {
      const mountRoot = join(work.path, 'media');
      await mkdir(mountRoot);
      const policyFile = join(work.path, 'policy.json');
      const base = {
        version: 1,
        removableVolumes: { mountRoots: [mountRoot] },
        cloudSync: { monitor: false },
      };
      await writeFile(policyFile, JSON.stringify({ ...base, ...policy }));
      volume = await mountTestVolume({
        filesystem: 'ext4',
        mountRoot,
        label: 'STICK',
        sizeMiB: 128,
      });
      engine = new Engine({
        dataDir: join(work.path, 'data'),
        policyFile,
        logger: createMemoryLogger(),
        home: work.path,
        env: { HOME: work.path },
      });
      engine.onDidRecordEvent((event) => events.push(event));
      await engine.start();
      return volume.mountPoint;
    }

    async function makeResticRepository(): Promise<string> {
      const source = join(work.path, 'source');
      await mkdir(source);
      for (let index = 0; index < 20; index++) {
        await writeFile(join(source, `ledger-${index}.csv`), randomBytes(20_000).toString('hex'));
      }
      const env = {
        ...process.env,
        HOME: join(work.path, 'home'),
        RESTIC_PASSWORD: 'correct horse',
        XDG_CACHE_HOME: join(work.path, 'cache'),
      };
      const repository = join(work.path, 'finance-backup');
      await run('restic', ['init', '-q', '-r', repository], { env });
      await run('restic', ['backup', '-q', '-r', repository, source], { env });
      return repository;
    }

    it('records a copied restic repository as one backup and quarantines all of it', async () => {
      const repository = await makeResticRepository();
      const mountPoint = await start({});

      await run('cp', ['-r', repository, mountPoint]);
      await waitFor(
        () => events.some((event) => event.file?.format === 'restic-repository'),
        20_000,
        'the folder event',
      );
      await delay(500);
      await engine?.idle();

      // (a file that lands before the folder shows its layout, such as restic's `config`, is
      // recorded on its own, as what it is: not a backup)
      const landed = events.filter(
        (event) => event.type === 'file-landed' && event.detection !== null,
      );
      expect(landed).toHaveLength(1);
      expect(landed[0]).toMatchObject({
        detection: 'Unauthorized Device Transfer',
        outcome: 'quarantined',
        file: { path: join(mountPoint, 'finance-backup'), category: 'system-image' },
      });
      expect(landed[0]?.file?.sizeBytes).toBeGreaterThan(0);
      const left = await run('find', [join(mountPoint, 'finance-backup'), '-type', 'f']);
      expect(left.stdout.trim()).toBe('');
    });

    it('knows a renamed copy of a repository file by its fingerprint', async () => {
      const repository = join(work.path, 'repository');
      await mkdir(repository);
      const original = join(repository, 'nightly-2026-12-01.dat');
      await writeFile(original, randomBytes(256 * 1024));
      const mountPoint = await start({
        repositories: [{ path: repository, name: 'Nightly backups' }],
        removableVolumes: { mountRoots: [join(work.path, 'media')], action: 'audit' },
      });
      await delay(1_000);

      await run('cp', [original, join(mountPoint, 'holiday-video.mp4')]);
      await waitFor(
        () => events.some((event) => event.file?.name === 'holiday-video.mp4'),
        10_000,
        'the event',
      );

      const event = events.find((candidate) => candidate.file?.name === 'holiday-video.mp4');
      expect(event).toMatchObject({ detection: 'Unauthorized Device Transfer' });
      expect(event?.message).toContain(original);
      expect(await readdir(mountPoint)).toContain('holiday-video.mp4');
    });
  },
);

describe.runIf(canRun({ root: true }))('Backup Access', () => {
  let work: TempDirectory;
  let engine: Engine | null = null;
  let events: ActivityEvent[];
  beforeEach(async () => {
    work = await createTempDirectory();
    events = [];
  });
  afterEach(async () => {
    await engine?.dispose();
    await work.dispose();
  });

  async function start(groups: unknown[]): Promise<{ original: string; downloads: string }> {
    const repository = join(work.path, 'backups');
    const downloads = join(work.path, 'home', 'Downloads');
    await mkdir(repository);
    await mkdir(downloads, { recursive: true });
    const original = join(repository, 'erp-2026-12-01.bak');
    await writeFile(original, randomBytes(128 * 1024));
    const policyFile = join(work.path, 'policy.json');
    const policy = {
      version: 1,
      removableVolumes: { monitor: false },
      cloudSync: { monitor: false },
      repositories: [{ path: repository, name: 'ERP backups' }],
      groups,
    };
    await writeFile(policyFile, JSON.stringify(policy));
    const home = join(work.path, 'home');
    engine = new Engine({
      dataDir: join(work.path, 'data'),
      policyFile,
      logger: createMemoryLogger(),
      home,
      env: { HOME: home },
    });
    engine.onDidRecordEvent((event) => events.push(event));
    await engine.start();
    await delay(1_000);
    return { original, downloads };
  }

  it('raises Backup Access (high) when a repository file appears in Downloads, and ignores everyday files there', async () => {
    const { original, downloads } = await start([{ id: 'everyone', name: 'Everyone' }]);

    await run('cp', [original, join(downloads, 'report.pdf')]);
    await writeFile(join(downloads, 'holiday-plans.txt'), 'Lisbon in May');
    await waitFor(
      () => events.some((event) => event.detection === 'Backup Access'),
      10_000,
      'the alert',
    );
    await delay(500);

    const alert = events.find((event) => event.detection === 'Backup Access');
    expect(alert).toMatchObject({
      risk: 'high',
      action: 'notify',
      outcome: 'notified',
      destination: { kind: 'local-folder' },
    });
    expect(alert?.message).toContain(original);
    expect(events.filter((event) => event.file?.name === 'holiday-plans.txt')).toEqual([]);
  });

  it('stays quiet for a group that handles backups', async () => {
    const { userInfo } = await import('node:os');
    const { original, downloads } = await start([
      {
        id: 'it-operations',
        name: 'IT Operations',
        handlesBackups: true,
        members: { users: [userInfo().username] },
      },
      { id: 'everyone', name: 'Everyone' },
    ]);

    await run('cp', [original, join(downloads, 'restore-test.bak')]);
    await delay(1_500);
    await engine?.idle();

    expect(events.filter((event) => event.type === 'file-landed')).toEqual([]);
  });
});
