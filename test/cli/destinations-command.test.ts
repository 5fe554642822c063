import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDestinations } from '../../src-main/cli/commands/destinations.ts';
import type { Output } from '../../src-main/cli/output.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

function captureOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), error: (line) => lines.push(line) };
}

describe.runIf(canRun({ root: true, tools: [...volumeTools.ext4, 'tune2fs', 'blkid'] }))(
  'copywarden destinations',
  () => {
    let folder: TempDirectory;
    let policyFile: string;
    const volumes: TestVolume[] = [];
    let approvedUuid: string;

    beforeAll(async () => {
      // Two ext4 sticks under a mount root; the policy approves the first by its volume UUID
      folder = await createTempDirectory();
      const mountRoot = join(folder.path, 'media');
      for (const label of ['APPROVED', 'OTHER']) {
        volumes.push(await mountTestVolume({ filesystem: 'ext4', mountRoot, label }));
      }
      const superblock = (await run('tune2fs', ['-l', volumes[0]?.loopDevice ?? ''])).stdout;
      approvedUuid = /Filesystem UUID:\s+(\S+)/.exec(superblock)?.[1] ?? '';
      policyFile = join(folder.path, 'policy.json');
      const policy = {
        version: 1,
        removableVolumes: {
          mountRoots: [mountRoot],
          approvedDevices: [{ volumeUuid: approvedUuid, description: 'backup stick' }],
        },
        cloudSync: { monitor: false },
      };
      await writeFile(policyFile, JSON.stringify(policy));
    });

    afterAll(async () => {
      for (const volume of volumes.splice(0)) {
        await volume.dispose();
      }
      await folder.dispose();
    });

    it('lists each volume with its device identity and approval status as JSON', async () => {
      const output = captureOutput();

      const code = await runDestinations(['--json', '--policy', policyFile], output);
      const listed = output.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const byLabel = new Map(listed.map((destination) => [destination['label'], destination]));

      expect(code).toBe(0);
      expect(byLabel.get('APPROVED')).toMatchObject({
        kind: 'removable-volume',
        device: {
          device: volumes[0]?.loopDevice,
          volumeUuid: approvedUuid,
          filesystem: 'ext4',
          serial: null,
        },
        approval: {
          approved: true,
          by: `removableVolumes.approvedDevices[0]: volumeUuid ${approvedUuid} (backup stick)`,
        },
        evidence: expect.arrayContaining([
          expect.stringContaining('identity from lsblk'),
        ]) as unknown,
      });
      expect(byLabel.get('OTHER')).toMatchObject({
        device: { volumeLabel: 'OTHER' },
        approval: { approved: false, by: null },
      });
    });

    it('shows identity and approval in the text listing', async () => {
      const output = captureOutput();

      await runDestinations(['--policy', policyFile], output);
      const text = output.lines.join('\n');

      expect(text).toContain(`volume ext4 "APPROVED", uuid ${approvedUuid}, not encrypted`);
      expect(text).toContain('serial unknown');
      expect(text).toContain(
        `approval: approved by removableVolumes.approvedDevices[0]: volumeUuid ${approvedUuid} (backup stick)`,
      );
      expect(text).toContain('approval: not approved');
    });
  },
);
