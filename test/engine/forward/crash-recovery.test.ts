import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  certificateTools,
  createTestCertificates,
  type TestCertificates,
} from '../../support/certificates.ts';
import { canRun } from '../../support/requirements.ts';
import { rsyslogTools, startRsyslog, type RsyslogServer } from '../../support/rsyslog.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';
import { numberedEvents } from './support/events.ts';
import { eventIdOf, idsOf, testTimings } from './support/forwarder-fixture.ts';
import type { ForwarderProcessConfig } from './support/forwarder-process.ts';

const script = fileURLToPath(new URL('./support/forwarder-process.ts', import.meta.url));

/** Starts the forwarder process and resolves once it printed `started`. */
async function startProcess(configFile: string, args: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script, configFile, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'started') {
        resolve();
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`the forwarder process exited early with ${String(code)}`));
    });
  });
  return child;
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.signalCode ?? child.exitCode);
      return;
    }
    child.once('exit', (code, signal) => {
      resolve(signal ?? code);
    });
  });
}

describe.runIf(canRun({ tools: [...rsyslogTools, ...certificateTools] }))(
  'Forwarder killed mid-delivery',
  () => {
    let folder: TempDirectory;
    let certificates: TestCertificates;
    let rsyslog: RsyslogServer;
    beforeAll(async () => {
      folder = await createTempDirectory('copywarden-crash-');
      certificates = await createTestCertificates(folder.path);
      rsyslog = await startRsyslog(folder.path, [
        { name: 'tls', tls: { authMode: 'anon', certificates } },
      ]);
    });
    afterAll(async () => {
      await rsyslog.dispose();
      await folder.dispose();
    });

    async function deliveredIds(): Promise<string[]> {
      const messages = await rsyslog.messages('tls');
      return messages.map((message) => eventIdOf(message.structuredData) ?? '');
    }

    it('loses nothing when killed with SIGKILL mid-batch and started again', async () => {
      // Queue many events in small batches, so that the kill lands mid-delivery
      const events = numberedEvents(20_000, 'crash');
      const config: ForwarderProcessConfig = {
        dataDir: join(folder.path, 'data'),
        forwarding: {
          targets: [
            {
              name: 'siem',
              kind: 'syslog',
              host: '127.0.0.1',
              port: rsyslog.ports['tls'],
              tls: { caFile: certificates.caFile },
            },
          ],
          batchMaxEvents: 50,
          retry: { initialDelaySeconds: 0.05, maxDelaySeconds: 0.2 },
        },
        eventsFile: join(folder.path, 'events.json'),
        timings: testTimings,
      };
      const configFile = join(folder.path, 'config.json');
      await writeFile(config.eventsFile, JSON.stringify(events));
      await writeFile(configFile, JSON.stringify(config));

      // Kill it once part of the queue arrived
      const first = await startProcess(configFile, ['--enqueue']);
      await waitFor(async () => (await deliveredIds()).length >= 500, 20_000, 'some deliveries');
      first.kill('SIGKILL');
      expect(await exited(first)).toBe('SIGKILL');
      const atKill = new Set(await deliveredIds());

      // Start again: the rest arrives
      const second = await startProcess(configFile);
      await waitFor(
        async () => new Set(await deliveredIds()).size >= events.length,
        30_000,
        'every event',
      );
      second.kill('SIGTERM');
      expect(await exited(second)).toBe(0);

      expect(atKill.size).toBeLessThan(events.length);
      expect(new Set(await deliveredIds())).toEqual(idsOf(events));
    });
  },
);
