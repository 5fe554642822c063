import { createServer } from 'node:net';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { readOutboxSummary } from '../../../src-main/engine/forward/delivery-status.ts';
import {
  certificateTools,
  createTestCertificates,
  type TestCertificates,
} from '../../support/certificates.ts';
import { canRun } from '../../support/requirements.ts';
import {
  rsyslogTools,
  startRsyslog,
  type ReceivedSyslogMessage,
  type RsyslogServer,
} from '../../support/rsyslog.ts';
import { createTempDirectory, delay, waitFor, type TempDirectory } from '../../support/temp.ts';
import { fileEvent, forwardingSettings, numberedEvents } from './support/events.ts';
import {
  eventIdOf,
  idsOf,
  startForwarder,
  type TestForwarder,
} from './support/forwarder-fixture.ts';

const canRunRsyslog = canRun({ tools: [...rsyslogTools, ...certificateTools] });

/** Sockets and timers this process holds, by kind. */
function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/Socket|TLS|Timeout|Connect/.test(kind)) {
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.runIf(canRunRsyslog)('Forwarder to rsyslog', () => {
  let folder: TempDirectory;
  let certificates: TestCertificates;
  let rsyslog: RsyslogServer;
  let running: TestForwarder[] = [];
  let dataDirs = 0;

  beforeAll(async () => {
    folder = await createTempDirectory('copywarden-rsyslog-');
    certificates = await createTestCertificates(folder.path);
    rsyslog = await startRsyslog(folder.path, [
      { name: 'plain' },
      { name: 'tls', tls: { authMode: 'anon', certificates } },
      { name: 'mtls', tls: { authMode: 'x509/certvalid', certificates } },
    ]);
  });
  afterEach(async () => {
    await Promise.all(running.map((test) => test.forwarder.dispose()));
    running = [];
  });
  afterAll(async () => {
    await rsyslog.dispose();
    await folder.dispose();
  });

  /** A forwarder with one syslog target on `input`, with its own data directory. */
  function forwardTo(
    input: string,
    target: Record<string, unknown> = {},
    section = {},
    extra: Parameters<typeof startForwarder>[2] = {},
  ) {
    const tls = input === 'plain' ? {} : { caFile: certificates.caFile };
    const test = startForwarder(
      join(folder.path, `data-${dataDirs++}`),
      {
        targets: [
          {
            name: 'siem',
            kind: 'syslog',
            host: '127.0.0.1',
            port: rsyslog.ports[input],
            transport: input === 'plain' ? 'tcp' : 'tls',
            tls,
            ...target,
          },
        ],
        retry: { initialDelaySeconds: 0.05, maxDelaySeconds: 0.2 },
        ...section,
      },
      extra,
    );
    running.push(test);
    return test;
  }

  /** Waits until `input` received every id in `ids`, and returns the messages carrying them. */
  async function received(input: string, ids: Set<string>): Promise<ReceivedSyslogMessage[]> {
    let messages: ReceivedSyslogMessage[] = [];
    await waitFor(
      async () => {
        const all = await rsyslog.messages(input);
        messages = all.filter((message) => ids.has(eventIdOf(message.structuredData) ?? ''));
        return (
          new Set(messages.map((message) => eventIdOf(message.structuredData))).size === ids.size
        );
      },
      10_000,
      `${ids.size} events at rsyslog`,
    );
    return messages;
  }

  it('delivers RFC 5424 messages over TCP that rsyslog parses field by field', async () => {
    const test = forwardTo('plain', { format: 'json-ocsf', facility: 'local4' });
    const event = fileEvent({ risk: 'high' });

    test.forwarder.enqueue(event);
    const [message] = await received('plain', idsOf([event]));

    expect(message).toMatchObject({
      pri: 20 * 8 + 3,
      timestamp: event.time,
      hostname: 'laptop-7',
      appName: 'copywarden',
      procId: String(process.pid),
      msgId: 'file-landed',
      structuredData: `[copywarden@32473 eventId="${event.eventId}" type="file-landed"]`,
    });
    expect(JSON.parse(message?.msg ?? '')).toMatchObject({
      class_uid: 1001,
      metadata: { uid: event.eventId },
      file: { path: event.file?.path },
    });
  });

  it('delivers CEF over TLS with the server certificate verified', async () => {
    const test = forwardTo('tls');
    const events = numberedEvents(30);

    test.forwarder.enqueueAll(events);
    const messages = await received('tls', idsOf(events));
    await test.drained();

    expect(messages).toHaveLength(30);
    expect(messages[0]?.msg).toMatch(/^CEF:0\|Copywarden\|Copywarden\|[^|]+\|file-landed\|/);
    expect(messages.map((message) => /msg=(.*)$/.exec(message.msg)?.[1])).toEqual(
      events.map((event) => event.message),
    );
    expect(test.state()).toMatchObject({ delivered: 30, consecutiveFailures: 0, lastError: null });
  });

  it('presents the client certificate to a collector that requires one', async () => {
    const test = forwardTo('mtls', {
      tls: {
        caFile: certificates.caFile,
        clientCertFile: certificates.clientCertFile,
        clientKeyFile: certificates.clientKeyFile,
      },
    });
    const event = fileEvent();

    test.forwarder.enqueue(event);

    expect(await received('mtls', idsOf([event]))).toHaveLength(1);
  });

  it('refuses a server certificate from a CA it does not trust, and logs why', async () => {
    const test = forwardTo('tls', { tls: { caFile: certificates.otherCaFile } });
    const event = fileEvent();

    test.forwarder.enqueue(event);
    await waitFor(() => test.state().consecutiveFailures > 0, 5_000, 'a failed delivery');
    await delay(300);

    expect(test.state()).toMatchObject({ queued: 1, delivered: 0 });
    expect(test.state().lastError).toMatch(/refused the server certificate/);
    const warnings = test.logger.records.filter((record) => record.level === 'warn');
    expect(warnings.map((record) => record.message).join('\n')).toMatch(
      /refused the server certificate: it .*trusted/,
    );
    const all = await rsyslog.messages('tls');
    expect(all.some((message) => eventIdOf(message.structuredData) === event.eventId)).toBe(false);
  });

  it('refuses a server certificate that does not name the configured server', async () => {
    const test = forwardTo('tls', {
      tls: { caFile: certificates.caFile, serverName: 'siem.example.com' },
    });

    test.forwarder.enqueue(fileEvent());
    await waitFor(() => test.state().consecutiveFailures > 0, 5_000, 'a failed delivery');

    expect(test.state().lastError).toMatch(
      /does not name the server.*ERR_TLS_CERT_ALTNAME_INVALID/,
    );
    expect(test.state().queued).toBe(1);
  });

  it('sends heartbeats at the configured interval, with the activity log head', async () => {
    const anchor = {
      sequence: 41,
      chainMac: 'c0ffee'.repeat(4),
      keyFingerprint: 'f00d'.repeat(4),
      time: '2026-12-03T10:00:00.000Z',
    };
    const test = forwardTo(
      'tls',
      {},
      { heartbeatIntervalSeconds: 0.2 },
      { chainAnchor: () => anchor },
    );

    let heartbeats: ReceivedSyslogMessage[] = [];
    await waitFor(
      async () => {
        const all = await rsyslog.messages('tls');
        heartbeats = all.filter((message) => message.msg.includes(anchor.chainMac));
        return heartbeats.length >= 2;
      },
      5_000,
      'two heartbeats',
    );

    expect(heartbeats[0]).toMatchObject({ msgId: 'heartbeat', pri: 4 * 8 + 6 });
    expect(heartbeats[0]?.msg).toMatch(
      /^CEF:0\|Copywarden\|Copywarden\|[^|]+\|heartbeat\|Heartbeat\|1\|.*msg=Copywarden is running; 0 events wait for target "siem".* Activity log head: sequence 41, chain MAC (c0ffee)+, key fingerprint (f00d)+\.$/,
    );
    expect(test.state().lastHeartbeatAt).not.toBeNull();
  });

  it('loses nothing while the collector is down and back, duplicating only by event id', async () => {
    const test = forwardTo('tls');
    const before = numberedEvents(10, 'before');
    test.forwarder.enqueueAll(before);
    await received('tls', idsOf(before));

    // The collector goes away while events keep coming
    await rsyslog.stop();
    const during = numberedEvents(40, 'during');
    for (const event of during) {
      test.forwarder.enqueue(event);
    }
    await waitFor(() => test.state().consecutiveFailures >= 2, 10_000, 'failures while down');
    await rsyslog.start();

    // Everything arrives; a repeat carries the same id and the same content
    const all = [...before, ...during];
    const messages = await received('tls', idsOf(all));
    await test.drained();
    const byId = new Map<string, string>();
    for (const message of messages) {
      const id = eventIdOf(message.structuredData) ?? '';
      expect(byId.get(id) ?? message.msg).toBe(message.msg);
      byId.set(id, message.msg);
    }
    expect(new Set(byId.keys())).toEqual(idsOf(all));
    expect(test.state().lastSuccessAt).not.toBeNull();
  });

  it('applies the overflow rule to a full outbox and records it, never silently', async () => {
    await rsyslog.stop();
    const test = forwardTo('tls', {}, { outbox: { maxEvents: 10, overflow: 'drop-oldest' } });
    const events = numberedEvents(25, 'overflow');

    // While the collector is down, 25 events and the overflow notice meet a bound of 10
    for (const event of events) {
      test.forwarder.enqueue(event);
    }
    const queuedWhileDown = test.state().queued;
    await rsyslog.start();
    const kept = events.slice(15);
    await received('tls', idsOf(kept));
    await test.drained();
    await waitFor(() => test.recorded.length === 2, 5_000, 'the end of the overflow');
    const [started, ended] = test.recorded;
    await received('tls', idsOf(ended === undefined ? [] : [ended]));

    // The notice aged out with the oldest events; the summary reached the SIEM with the count
    expect(queuedWhileDown).toBe(10);
    expect(test.state().dropped).toBe(16);
    const delivered = (await rsyslog.messages('tls')).map((message) =>
      eventIdOf(message.structuredData),
    );
    expect(events.slice(0, 15).some((event) => delivered.includes(event.eventId))).toBe(false);
    expect(delivered).not.toContain(started?.eventId);
    expect(started?.message).toMatch(/full \(10 events\): the oldest waiting events are dropped/);
    expect(ended?.message).toMatch(/dropped 16 events since/);
    expect(test.recorded.every((event) => event.type === 'forwarding-overflow')).toBe(true);
    expect(test.logger.records.some((record) => /is full/.test(record.message))).toBe(true);
  });

  it('delivers what is queued as it stops, and confirms it by closing cleanly', async () => {
    const dataDir = join(folder.path, 'stopping');
    const test = startForwarder(dataDir, {
      targets: [
        {
          name: 'siem',
          kind: 'syslog',
          host: '127.0.0.1',
          port: rsyslog.ports['tls'],
          tls: { caFile: certificates.caFile },
        },
      ],
    });
    const last = fileEvent({ type: 'agent-stopped', file: null, destination: null });

    test.forwarder.enqueue(last);
    await test.forwarder.dispose();

    expect(await received('tls', idsOf([last]))).toHaveLength(1);
    const summary = readOutboxSummary(dataDir);
    expect(summary.ok && summary.summary?.targets[0]).toMatchObject({ queued: 0, delivered: 1 });
  });

  it('closes its connections and stops its timers when disposed', async () => {
    await delay(50);
    const before = activeHandles();
    const delivering = forwardTo('tls', {}, { heartbeatIntervalSeconds: 60 });
    const failing = forwardTo(
      'tls',
      { port: await closedPort() },
      { retry: { initialDelaySeconds: 60 } },
    );
    const event = fileEvent();
    delivering.forwarder.enqueue(event);
    failing.forwarder.enqueue(event);
    await received('tls', idsOf([event]));
    await waitFor(() => failing.state().consecutiveFailures > 0, 5_000, 'a failure');

    await delivering.forwarder.dispose();
    await failing.forwarder.dispose();
    await delay(50);

    const after = activeHandles();
    const added = Object.keys(after).filter((kind) => (after[kind] ?? 0) > (before[kind] ?? 0));
    expect(added).toEqual([]);
  });

  it('moves a target whose settings change to a fresh connection', async () => {
    const test = forwardTo('plain');
    const first = fileEvent();
    test.forwarder.enqueue(first);
    await received('plain', idsOf([first]));

    const changed = forwardingSettings({
      targets: [
        {
          name: 'siem',
          kind: 'syslog',
          host: '127.0.0.1',
          port: rsyslog.ports['tls'],
          tls: { caFile: certificates.caFile },
        },
      ],
    });
    await test.forwarder.applySettings(changed, '/etc/copywarden/policy.json');
    const second = fileEvent();
    test.forwarder.enqueue(second);

    expect(await received('tls', idsOf([second]))).toHaveLength(1);
    expect(test.state().description).toBe(`syslog+tls://127.0.0.1:${rsyslog.ports['tls']} (cef)`);
  });
});
