import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startAgent, type AgentProcess } from '../support/agent-process.ts';
import { certificateTools, createTestCertificates } from '../support/certificates.ts';
import { canRun } from '../support/requirements.ts';
import { rsyslogTools, startRsyslog, type RsyslogServer } from '../support/rsyslog.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../support/temp.ts';
import { mountTestVolume, volumeTools, type TestVolume } from '../support/volumes.ts';

const run = promisify(execFile);

/**
 * The whole path to the security team: a real agent, a backup copied onto a real volume, and
 * the event arriving in a real rsyslog over TLS, as CEF with its detection and risk.
 */
describe.runIf(
  canRun({
    root: true,
    tools: [...volumeTools.ext4, ...rsyslogTools, ...certificateTools, 'qemu-img'],
  }),
)('SIEM delivery end to end', () => {
  let work: TempDirectory;
  let rsyslog: RsyslogServer | null = null;
  let volume: TestVolume | null = null;
  let agent: AgentProcess | null = null;
  beforeEach(async () => {
    work = await createTempDirectory();
  });
  afterEach(async () => {
    await agent?.stop();
    await volume?.dispose();
    await rsyslog?.dispose();
    await work.dispose();
  });

  it('delivers the quarantine of a backup to rsyslog over TLS', async () => {
    // A SIEM, and an agent forwarding to it
    await mkdir(join(work.path, 'certificates'));
    await mkdir(join(work.path, 'rsyslog'));
    const certificates = await createTestCertificates(join(work.path, 'certificates'));
    rsyslog = await startRsyslog(join(work.path, 'rsyslog'), [
      { name: 'tls', tls: { authMode: 'anon', certificates } },
    ]);
    const mountRoot = join(work.path, 'media');
    await mkdir(mountRoot);
    const policyFile = join(work.path, 'policy.json');
    const target = {
      name: 'siem',
      kind: 'syslog',
      host: '127.0.0.1',
      port: rsyslog.ports['tls'],
      format: 'cef',
      tls: { caFile: certificates.caFile },
    };
    const policy = {
      version: 1,
      removableVolumes: { mountRoots: [mountRoot] },
      cloudSync: { monitor: false },
      forwarding: { targets: [target] },
    };
    await writeFile(policyFile, JSON.stringify(policy));
    agent = await startAgent(['--policy', policyFile, '--data-dir', join(work.path, 'data')], {
      ...process.env,
      HOME: work.path,
    });

    // A backup lands on a stick
    volume = await mountTestVolume({ filesystem: 'ext4', mountRoot, label: 'STICK' });
    const image = join(work.path, 'payroll-db.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', image, '16M']);
    await run('cp', [image, volume.mountPoint]);
    const event = await agent.waitForEvent(
      (candidate) => candidate.file?.name === 'payroll-db.qcow2',
    );

    // The SIEM has it
    let received: string[] = [];
    await waitFor(
      async () => {
        received = (await rsyslog?.messages('tls'))?.map((message) => message.msg) ?? [];
        return received.some((message) => message.includes(event.eventId));
      },
      15_000,
      'the event at rsyslog',
    );
    const cef = received.find((message) => message.includes(event.eventId)) ?? '';
    expect(cef).toMatch(/^CEF:0\|/);
    expect(cef).toContain('Unauthorized Device Transfer');
    expect(cef).toContain('payroll-db.qcow2');
  });
});
