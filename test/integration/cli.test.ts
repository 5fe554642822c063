import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { copywardenBin, startAgent, type AgentProcess } from '../support/agent-process.ts';
import { makeSampleFiles, sampleFileTools, type SampleFiles } from '../support/fixtures.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

/** Runs `copywarden ARGS` and returns its exit code and output, without throwing on failure. */
async function copywarden(args: string[], env: NodeJS.ProcessEnv = process.env) {
  try {
    const { stdout, stderr } = await run(process.execPath, [copywardenBin, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let folder: TempDirectory;
let samples: SampleFiles;
beforeAll(async () => {
  folder = await createTempDirectory();
  samples = await makeSampleFiles(folder.path);
});
afterAll(() => folder.dispose());

describe('copywarden policy check', () => {
  it('accepts a valid policy', async () => {
    const file = join(folder.path, 'good.json');
    await writeFile(file, '{"version": 1, "cloudSync": {"action": "notify"}}');

    const result = await copywarden(['policy', 'check', file]);

    expect(result.code).toBe(0);
  });

  it('names the JSON path and what is expected for every error', async () => {
    const file = join(folder.path, 'bad.json');
    await writeFile(
      file,
      '{"version": 1, "removableVolumes": {"action": "shred", "mountRoots": [""]}}',
    );

    const result = await copywarden(['policy', 'check', file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '$.removableVolumes.action: Invalid option: expected one of "audit"|"notify"|"prompt"|"block"',
    );
    expect(result.stderr).toContain('$.removableVolumes.mountRoots[0]: expected a folder path');
  });
});

describe('copywarden classify', () => {
  it.runIf(canRun({ tools: sampleFileTools }))(
    'prints the contract fields as JSON and exits 2 for an unreadable path',
    async () => {
      const result = await copywarden([
        'classify',
        '--json',
        samples.vhdx,
        samples.benign,
        join(folder.path, 'missing'),
      ]);

      expect(result.code).toBe(2);
      const [vhdx, benign] = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(vhdx).toMatchObject({
        path: samples.vhdx,
        isBackup: true,
        format: 'vhdx',
        confidence: 'high',
      });
      expect(Object.keys(vhdx ?? {})).toEqual(
        expect.arrayContaining(['category', 'encrypted', 'reasons']),
      );
      expect(benign).toMatchObject({ isBackup: false });
    },
  );
});

describe('copywarden classify on a folder', () => {
  it.runIf(canRun({ tools: ['restic'] }))(
    'classifies a copied restic repository as one backup',
    async () => {
      const repository = join(folder.path, 'restic-repository');
      await run('restic', ['init', '-q', '-r', repository], {
        env: {
          ...process.env,
          RESTIC_PASSWORD: 'correct horse',
          HOME: folder.path,
          XDG_CACHE_HOME: join(folder.path, 'cache'),
        },
      });

      const result = await copywarden(['classify', '--json', repository]);

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        path: repository,
        isBackup: true,
        format: 'restic-repository',
        encrypted: true,
      });
    },
  );
});

describe('copywarden agent', () => {
  const runnable = canRun({ root: true, tools: [...volumeTools.ext4, ...sampleFileTools] });
  let work: TempDirectory;
  let agent: AgentProcess | null = null;
  let volume: TestVolume | null = null;
  let mediaFolder: string | null = null;
  beforeEach(async () => {
    work = await createTempDirectory();
  });
  afterEach(async () => {
    await agent?.stop();
    await volume?.dispose();
    if (mediaFolder !== null) {
      await rm(mediaFolder, { recursive: true, force: true });
    }
    await work.dispose();
  });

  it.runIf(runnable)(
    'with the embedded default, quarantines a VHDX copied onto a volume under /media',
    async () => {
      const env = { ...process.env, HOME: work.path, COPYWARDEN_DATA_DIR: join(work.path, 'data') };
      agent = await startAgent([], env);

      // Mount a stick where desktop environments mount them: /media/<user>/<label>
      mediaFolder = join('/media', `copywarden-test-${process.pid}`);
      await mkdir(mediaFolder, { recursive: true });
      volume = await mountTestVolume({
        filesystem: 'ext4',
        mountRoot: mediaFolder,
        label: 'STICK',
      });
      const target = join(volume.mountPoint, 'server-backup.vhdx');
      const copiedAt = Date.now();
      await copyFile(samples.vhdx, target);

      const event = await agent.waitForEvent((candidate) => candidate.file?.path === target);
      const reportedAfterMs = (agent.arrivals.get(event.eventId) ?? 0) - copiedAt;
      console.log(
        `[cli.test] VHDX on /media quarantined and reported ${reportedAfterMs} ms after the copy`,
      );
      expect(event).toMatchObject({
        detection: 'Unauthorized Device Transfer',
        risk: 'medium',
        outcome: 'quarantined',
      });
      // The event names the device behind the volume (a loop device here: virtual, no USB ids)
      expect(event.destination?.device).toMatchObject({ bus: 'virtual', vendorId: null });
      await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });

      // The log command shows it
      const log = await copywarden(['log', '--json', '--since', '1h'], env);
      const logged = log.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as ActivityEvent);
      expect(logged.find((entry) => entry.eventId === event.eventId)).toMatchObject({
        outcome: 'quarantined',
      });
    },
  );

  it.runIf(runnable)(
    'keeps the last good policy in force when its file turns malformed',
    async () => {
      const mountRoot = join(work.path, 'mnt');
      await mkdir(mountRoot);
      const policyFile = join(work.path, 'policy.json');
      await writeFile(
        policyFile,
        JSON.stringify({
          version: 1,
          removableVolumes: { mountRoots: [mountRoot], action: 'notify' },
        }),
      );
      const env = { ...process.env, HOME: work.path };
      agent = await startAgent(
        ['--policy', policyFile, '--data-dir', join(work.path, 'data')],
        env,
      );
      volume = await mountTestVolume({ filesystem: 'ext4', mountRoot, label: 'STICK' });

      await writeFile(policyFile, '{"version": 1, "removableVolumes": {"action": "block"');
      const rejected = await agent.waitForEvent((event) => event.type === 'policy-rejected');
      const target = join(volume.mountPoint, 'copy.vhdx');
      await copyFile(samples.vhdx, target);
      const event = await agent.waitForEvent((candidate) => candidate.file?.path === target);

      expect(rejected.message).toContain('not valid JSON');
      expect(event).toMatchObject({ action: 'notify', outcome: 'notified' });
      expect((await stat(target)).size).toBeGreaterThan(0);
    },
  );

  it('refuses to start with a malformed policy file, naming the JSON path', async () => {
    const policyFile = join(work.path, 'policy.json');
    await writeFile(policyFile, '{"version": 1, "cloudSync": {"monitor": "yes"}}');

    const result = await copywarden([
      'agent',
      '--policy',
      policyFile,
      '--data-dir',
      join(work.path, 'data'),
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('$.cloudSync.monitor');
  });
});
