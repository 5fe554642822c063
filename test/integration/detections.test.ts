import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { createMemoryLogger } from '../../src-main/engine/base/logger.ts';
import { Engine } from '../../src-main/engine/engine.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

/** Policy per group, the Bulk Backup Copy detection and the placeholder note, on a real volume. */
describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, 'qemu-img'] }))(
  'detections and groups',
  () => {
    let samples: TempDirectory;
    let work: TempDirectory;
    let volume: TestVolume | null = null;
    let engine: Engine | null = null;
    let events: ActivityEvent[];
    const images: string[] = [];

    beforeAll(async () => {
      samples = await createTempDirectory('copywarden-samples-');
      for (let index = 0; index < 4; index++) {
        const image = join(samples.path, `db-${index}.qcow2`);
        await run('qemu-img', ['create', '-q', '-f', 'qcow2', image, '16M']);
        images.push(image);
      }
    });
    afterAll(() => samples.dispose());
    beforeEach(async () => {
      work = await createTempDirectory();
      events = [];
    });
    afterEach(async () => {
      await engine?.dispose();
      await volume?.dispose();
      await work.dispose();
    });

    /** Starts an engine whose removable volumes are those under a temporary mount root. */
    async function start(
      policy: Record<string, unknown>,
      removableVolumes: Record<string, unknown> = {},
    ): Promise<string> {
      const mountRoot = join(work.path, 'media');
      await mkdir(mountRoot);
      const policyFile = join(work.path, 'policy.json');
      await writeFile(
        policyFile,
        JSON.stringify({
          version: 1,
          removableVolumes: { mountRoots: [mountRoot], ...removableVolumes },
          cloudSync: { monitor: false },
          ...policy,
        }),
      );
      volume = await mountTestVolume({ filesystem: 'ext4', mountRoot, label: 'STICK' });
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

    it('does not act on a user whose group has monitoring off', async () => {
      const mountPoint = await start({
        groups: [
          {
            id: 'lab',
            name: 'Test lab',
            members: { users: [userInfo().username] },
            monitoring: false,
          },
          { id: 'everyone', name: 'Everyone' },
        ],
      });

      await run('cp', [images[0] ?? '', mountPoint]);
      await delay(1_500);
      await engine?.idle();

      expect(engine?.status().group).toEqual({ id: 'lab', name: 'Test lab', monitoring: false });
      expect(events.filter((event) => event.type === 'file-landed')).toEqual([]);
      expect((await stat(join(mountPoint, 'db-0.qcow2'))).size).toBeGreaterThan(0);
    });

    it('applies the overrides of the user’s group', async () => {
      const mountPoint = await start({
        groups: [
          {
            id: 'it-operations',
            name: 'IT Operations',
            members: { users: [userInfo().username] },
            overrides: { removableVolumes: { action: 'notify' } },
          },
          { id: 'everyone', name: 'Everyone' },
        ],
      });

      await run('cp', [images[0] ?? '', mountPoint]);
      await waitFor(
        () => events.some((event) => event.type === 'file-landed'),
        10_000,
        'the event',
      );

      expect(events.find((event) => event.type === 'file-landed')).toMatchObject({
        action: 'notify',
        outcome: 'notified',
      });
    });

    it('raises one Bulk Backup Copy alert (high) when a copy crosses the threshold', async () => {
      const mountPoint = await start(
        { detections: { bulkBackupCopy: { maxFiles: 2, windowMinutes: 60 } } },
        { action: 'audit' },
      );

      await run('cp', [...images, mountPoint]);
      await waitFor(
        () => events.filter((event) => event.type === 'file-landed').length === 4,
        10_000,
        'four events',
      );
      await engine?.idle();

      const alerts = events.filter((event) => event.type === 'bulk-copy-alert');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        detection: 'Bulk Backup Copy',
        risk: 'high',
        message: expect.stringContaining('3 backups') as string,
      });
    });

    it('leaves a note where a blocked file was, when the policy asks for one', async () => {
      const mountPoint = await start({
        quarantine: { placeholder: true, contact: 'the service desk (ext. 4711)' },
      });

      await run('cp', [images[1] ?? '', mountPoint]);
      await waitFor(
        () => events.some((event) => event.outcome === 'quarantined'),
        10_000,
        'the block',
      );
      const note = await readFile(
        join(mountPoint, 'db-1.qcow2 - blocked by Copywarden.txt'),
        'utf8',
      );
      await delay(500);

      expect(note).toContain('the service desk (ext. 4711)');
      expect(note).toContain(
        events.find((event) => event.outcome === 'quarantined')?.quarantineId ?? 'missing',
      );
      expect(events.filter((event) => event.file?.name.endsWith('.txt') === true)).toEqual([]);
    });
  },
);
