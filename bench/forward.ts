import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:tls';

import type { ActivityEvent } from '../src-shared/activity-event.ts';
import { createLogger } from '../src-main/engine/base/logger.ts';
import { toCef } from '../src-main/engine/forward/formats/cef.ts';
import { Forwarder } from '../src-main/engine/forward/forwarder.ts';
import { forwardingSchema } from '../src-main/engine/forward/forwarding-settings.ts';
import { frameOctetCounted } from '../src-main/engine/forward/syslog/octet-counting.ts';
import { eventSyslogMessage } from '../src-main/engine/forward/syslog/rfc5424.ts';
import { createTestCertificates, type TestCertificates } from '../test/support/certificates.ts';
import { startRsyslog, type RsyslogServer } from '../test/support/rsyslog.ts';
import { createTempDirectory, waitFor } from '../test/support/temp.ts';
import { formatRatio } from './statistics.ts';
import { sampleEvent } from '../test/support/sample-events.ts';

/** Events per delivery run; each run takes a few seconds at the rates seen here. */
const eventCount = 20_000;

/** Events queued one durable commit at a time, for the enqueue rate. */
const enqueueCount = 2_000;

const context = { hostname: 'bench-laptop' };

/**
 * Delivery to a real rsyslog: events per second from the outbox to rsyslog over TLS (and over
 * plain TCP), beside a baseline measured in the same run against the same rsyslog: the same
 * messages, formatted beforehand, written straight into one TLS socket. Each run ends when
 * rsyslog has written every message to its file. Also the rate of durable enqueues, one commit
 * per event, as the engine queues them.
 */
export async function benchForward(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-forward-');
  let rsyslog: RsyslogServer | null = null;
  try {
    const certificates = await createTestCertificates(work.path);
    rsyslog = await startRsyslog(work.path, [
      { name: 'raw', tls: { authMode: 'anon', certificates } },
      { name: 'tls', tls: { authMode: 'anon', certificates } },
      { name: 'tcp' },
    ]);

    // Baseline, then ours over TLS and TCP, each on fresh events
    const rawMs = await rawTlsRun(rsyslog, certificates, benchEvents(eventCount));
    const tlsMs = await forwarderRun(rsyslog, 'tls', certificates, work.path);
    const tcpMs = await forwarderRun(rsyslog, 'tcp', certificates, work.path);
    const enqueuePerSecond = await enqueueRate(join(work.path, 'enqueue'));

    printFigures({ rawMs, tlsMs, tcpMs, enqueuePerSecond });
  } finally {
    await rsyslog?.dispose();
    await work.dispose();
  }
}

/** Writes pre-formatted frames into one TLS socket; returns ms until rsyslog wrote them all. */
async function rawTlsRun(
  rsyslog: RsyslogServer,
  certificates: TestCertificates,
  events: ActivityEvent[],
): Promise<number> {
  const frames = Buffer.concat(events.map((event) => frame(event)));
  const ca = await readFile(certificates.caFile, 'utf8');

  const startMs = performance.now();
  const socket = connect({ host: '127.0.0.1', port: rsyslog.ports['raw'], ca });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  await new Promise<void>((resolve) => socket.end(frames, resolve));
  await waitForLines(rsyslog, 'raw', events.length);
  return performance.now() - startMs;
}

/** Queues events in a fresh outbox, then times the forwarder until rsyslog wrote them all. */
async function forwarderRun(
  rsyslog: RsyslogServer,
  input: 'tls' | 'tcp',
  certificates: TestCertificates,
  directory: string,
): Promise<number> {
  const settings = forwardingSchema.parse({
    targets: [
      {
        name: 'rsyslog',
        kind: 'syslog',
        host: '127.0.0.1',
        port: rsyslog.ports[input],
        transport: input,
        tls: { caFile: certificates.caFile },
      },
    ],
  });
  const forwarder = new Forwarder({
    dataDir: join(directory, `data-${input}`),
    settings,
    logger: createLogger(() => undefined),
    record: () => undefined,
    identity: { user: 'alice', machineId: 'bench' },
    hostname: context.hostname,
  });
  try {
    forwarder.enqueueAll(benchEvents(eventCount));
    const startMs = performance.now();
    forwarder.start();
    await waitForLines(rsyslog, input, eventCount);
    return performance.now() - startMs;
  } finally {
    await forwarder.dispose();
  }
}

/** Durable enqueues per second, one commit per event, with one target configured. */
async function enqueueRate(dataDir: string): Promise<number> {
  const settings = forwardingSchema.parse({
    targets: [{ name: 'nowhere', kind: 'syslog', host: '127.0.0.1', port: 9, transport: 'tcp' }],
  });
  const forwarder = new Forwarder({
    dataDir,
    settings,
    logger: createLogger(() => undefined),
    record: () => undefined,
    identity: { user: 'alice', machineId: 'bench' },
  });

  const events = benchEvents(enqueueCount);
  const startMs = performance.now();
  for (const event of events) {
    forwarder.enqueue(event);
  }
  const elapsedMs = performance.now() - startMs;
  await forwarder.dispose();
  return (enqueueCount / elapsedMs) * 1000;
}

async function waitForLines(rsyslog: RsyslogServer, input: string, count: number): Promise<void> {
  await waitFor(
    async () => (await rsyslog.messages(input)).length >= count,
    120_000,
    `${count} messages at rsyslog`,
  );
}

function frame(event: ActivityEvent): Buffer {
  const message = eventSyslogMessage(event, toCef(event, context), {
    facility: 'auth',
    hostname: context.hostname,
    procId: String(process.pid),
  });
  return frameOctetCounted(message);
}

function printFigures(figures: {
  rawMs: number;
  tlsMs: number;
  tcpMs: number;
  enqueuePerSecond: number;
}): void {
  const rate = (ms: number): number => (eventCount / ms) * 1000;
  console.log(
    `\nSIEM forwarding to rsyslog on 127.0.0.1: ${eventCount} CEF events per run, ` +
      'timed until rsyslog wrote the last one',
  );
  console.log('  sender                              events/s');
  const rows: [string, number][] = [
    ['raw TLS writes, pre-formatted', rate(figures.rawMs)],
    ['forwarder over TLS (outbox)', rate(figures.tlsMs)],
    ['forwarder over TCP (outbox)', rate(figures.tcpMs)],
  ];
  for (const [name, eventsPerSecond] of rows) {
    console.log(`  ${name.padEnd(35)} ${eventsPerSecond.toFixed(0)}`);
  }
  console.log(
    `  forwarder over TLS vs raw TLS writes: ${formatRatio(rate(figures.tlsMs), rate(figures.rawMs))}`,
  );
  console.log(
    `  durable enqueues (one commit per event): ${figures.enqueuePerSecond.toFixed(0)}/s`,
  );
}

/** Events of realistic size: a VHDX quarantined from a stick. */
function benchEvents(count: number): ActivityEvent[] {
  return Array.from({ length: count }, (_, index) =>
    sampleEvent({
      time: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      machineId: 'c0ffee'.repeat(10).slice(0, 64),
      file: {
        path: `/media/alice/STICK/exports/nightly/server-${index}.vhdx`,
        name: `server-${index}.vhdx`,
        sizeBytes: 42_949_672_960,
      },
      quarantineId: randomUUID(),
      message: `backup (vhdx) written to removable volume STICK; moved into the quarantine (${index})`,
    }),
  );
}
