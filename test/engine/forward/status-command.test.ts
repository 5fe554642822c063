import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StatusReport } from '../../../src-main/cli/commands/status.ts';
import { copywardenBin } from '../../support/agent-process.ts';
import {
  certificateTools,
  createTestCertificates,
  type TestCertificates,
} from '../../support/certificates.ts';
import { startHecReceiver } from '../../support/hec-receiver.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';
import { forwardingSettings, numberedEvents } from './support/events.ts';
import { startForwarder } from './support/forwarder-fixture.ts';

const run = promisify(execFile);

/** Runs `copywarden status ARGS` and returns its exit code and output. */
async function status(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [copywardenBin, 'status', ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.runIf(canRun({ tools: certificateTools }))('copywarden status', () => {
  let folder: TempDirectory;
  let certificates: TestCertificates;
  beforeAll(async () => {
    folder = await createTempDirectory('copywarden-status-');
    certificates = await createTestCertificates(folder.path);
  });
  afterAll(() => folder.dispose());

  it('says that nothing is forwarded in a data directory without an outbox', async () => {
    const result = await status(['--data-dir', join(folder.path, 'empty')]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Agent: has not run with this data directory');
    expect(result.stdout).toContain('SIEM forwarding: none configured');
  });

  it('reports deliveries per target while the forwarder runs, and the agent as running', async () => {
    const receiver = await startHecReceiver(certificates, 'token-1');
    const dataDir = join(folder.path, 'delivering');
    const section = {
      targets: [
        {
          name: 'splunk',
          kind: 'splunk-hec',
          url: `${receiver.origin}/services/collector/event`,
          token: 'token-1',
          tls: { caFile: certificates.caFile },
        },
      ],
    };
    const test = startForwarder(dataDir, section);
    await test.forwarder.applySettings(forwardingSettings(section), '/etc/copywarden/policy.json');
    await writeFile(join(dataDir, 'heartbeat.json'), JSON.stringify({ aliveAt: Date.now() }));
    test.forwarder.enqueueAll(numberedEvents(7));
    await test.drained();

    const result = await status(['--json', '--data-dir', dataDir]);
    await test.forwarder.dispose();
    await receiver.dispose();

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(report.agent.running).toBe(true);
    expect(report.policyOrigin).toBe('/etc/copywarden/policy.json');
    expect(report.targets).toEqual([
      expect.objectContaining({
        target: 'splunk',
        configured: true,
        queued: 0,
        delivered: 7,
        consecutiveFailures: 0,
      }),
    ]);
  });

  it('exits 1 and shows the error and the next attempt while a target fails', async () => {
    const dataDir = join(folder.path, 'failing');
    const test = startForwarder(dataDir, {
      targets: [
        {
          name: 'siem',
          kind: 'syslog',
          host: '127.0.0.1',
          port: await closedPort(),
          transport: 'tcp',
        },
      ],
      retry: { initialDelaySeconds: 30, maxDelaySeconds: 60 },
    });
    test.forwarder.enqueueAll(numberedEvents(3));
    await waitFor(() => test.state().consecutiveFailures > 0, 5_000, 'a failure');

    const result = await status(['--data-dir', dataDir]);
    await test.forwarder.dispose();

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/SIEM target siem: syslog\+tcp:\/\/127\.0\.0\.1:\d+ \(cef\)/);
    expect(result.stdout).toContain('queued 3, delivered 0, dropped 0');
    expect(result.stdout).toMatch(/failing, 1 in a row; last error .*ECONNREFUSED/);
    expect(result.stdout).toMatch(/next attempt \S+ \(in \d+ s\)/);
  });
});
