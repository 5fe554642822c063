import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { PendingPrompt } from '../../src-main/engine/actions/prompt.ts';
import { copywardenBin, startAgent, type AgentProcess } from '../support/agent-process.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

/**
 * Prompt and hold, end to end: a real agent process, a real ext4 volume, files copied with cp,
 * and the prompts answered through the command line as a user would.
 */
describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, 'qemu-img'] }))(
  'prompt and hold',
  () => {
    let samples: TempDirectory;
    let work: TempDirectory;
    let volume: TestVolume | null = null;
    let agent: AgentProcess | null = null;
    let dataDir: string;
    let policyFile: string;
    const images: string[] = [];

    beforeAll(async () => {
      samples = await createTempDirectory('copywarden-samples-');
      for (let index = 0; index < 10; index++) {
        const image = join(samples.path, `server-${index}.vhdx`);
        await run('qemu-img', ['create', '-q', '-f', 'vhdx', image, `${8 + index}M`]);
        images.push(image);
      }
      return () => samples.dispose();
    });
    beforeEach(async () => {
      work = await createTempDirectory();
      const mountRoot = join(work.path, 'media');
      await mkdir(mountRoot);
      dataDir = join(work.path, 'data');
      policyFile = join(work.path, 'policy.json');
      const policy = {
        version: 1,
        removableVolumes: { mountRoots: [mountRoot], action: 'prompt' },
        cloudSync: { monitor: false },
        prompt: { timeoutSeconds: 120, batchWindowSeconds: 3 },
      };
      await writeFile(policyFile, JSON.stringify(policy));
      // Released files are written in full (not sparse): give the ten images room.
      volume = await mountTestVolume({
        filesystem: 'ext4',
        mountRoot,
        label: 'STICK',
        sizeMiB: 256,
      });
      agent = await startAgent(['--policy', policyFile, '--data-dir', dataDir], {
        ...process.env,
        HOME: work.path,
      });
    });
    afterEach(async () => {
      await agent?.stop();
      await volume?.dispose();
      await work.dispose();
    });

    async function copywarden(...args: string[]) {
      return run(process.execPath, [copywardenBin, ...args, '--data-dir', dataDir]);
    }

    async function pendingPrompts(): Promise<PendingPrompt[]> {
      const { stdout } = await copywarden('prompts', '--json');
      return stdout.trim() === ''
        ? []
        : stdout
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as PendingPrompt);
    }

    async function waitForPrompt(fileCount: number): Promise<PendingPrompt> {
      let prompts: PendingPrompt[] = [];
      await waitFor(
        async () => {
          prompts = await pendingPrompts();
          return prompts[0]?.files.length === fileCount;
        },
        20_000,
        `a prompt with ${fileCount} files`,
      );
      return prompts[0] as PendingPrompt;
    }

    async function sha256(path: string): Promise<string> {
      return createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    }

    it('holds a ten-file copy under one prompt and releases it byte-identical on a justification', async () => {
      const mountPoint = volume?.mountPoint ?? '';
      await run('cp', [...images, mountPoint]);

      const prompt = await waitForPrompt(10);
      for (const image of images) {
        await expect(stat(join(mountPoint, image.split('/').pop() ?? ''))).rejects.toMatchObject({
          code: 'ENOENT',
        });
      }
      await copywarden(
        'answer',
        prompt.id,
        '--reason',
        prompt.reasons[0] ?? '',
        '--text',
        'restore test, ticket 4711',
      );

      for (const image of images) {
        const copy = join(mountPoint, image.split('/').pop() ?? '');
        expect(await sha256(copy)).toBe(await sha256(image));
      }
      const answered = agent?.events.filter((event) => event.type === 'prompt-answered') ?? [];
      expect(answered).toHaveLength(10);
      expect(answered[0]).toMatchObject({
        outcome: 'released',
        detection: 'Unauthorized Device Transfer',
        risk: 'medium',
        file: { format: 'vhdx', category: 'disk-image' },
        message: expect.stringContaining('ticket 4711') as string,
      });
    });

    it('keeps the file quarantined when the user cancels', async () => {
      const mountPoint = volume?.mountPoint ?? '';
      await run('cp', [images[0] ?? '', mountPoint]);

      const prompt = await waitForPrompt(1);
      await copywarden('answer', prompt.id, '--cancel');
      const { stdout } = await copywarden('quarantine', 'list', '--json');

      await expect(stat(join(mountPoint, 'server-0.vhdx'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
      expect(JSON.parse(stdout.trim())).toMatchObject({
        state: 'blocked',
        originalPath: join(mountPoint, 'server-0.vhdx'),
      });
    });

    it('loses nothing when the agent is killed during a hold, and asks again after a restart', async () => {
      const mountPoint = volume?.mountPoint ?? '';
      await run('cp', [images[1] ?? '', mountPoint]);
      await waitForPrompt(1);

      agent?.process.kill('SIGKILL');
      await agent?.stop();
      agent = await startAgent(['--policy', policyFile, '--data-dir', dataDir], {
        ...process.env,
        HOME: work.path,
      });
      const reopened = await waitForPrompt(1);
      await copywarden('answer', reopened.id, '--reason', reopened.reasons[0] ?? '');

      expect(await sha256(join(mountPoint, 'server-1.vhdx'))).toBe(await sha256(images[1] ?? ''));
    });

    it('refuses an answer with a reason the prompt does not offer', async () => {
      await run('cp', [images[2] ?? '', volume?.mountPoint ?? '']);
      const prompt = await waitForPrompt(1);

      const refused = copywarden('answer', prompt.id, '--reason', 'I just want it');

      await expect(refused).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('not one of the reasons') as string,
      });
      expect(await pendingPrompts()).toHaveLength(1);
    });
  },
);
