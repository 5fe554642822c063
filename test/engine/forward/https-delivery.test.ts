import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  certificateTools,
  createTestCertificates,
  type TestCertificates,
} from '../../support/certificates.ts';
import { startHecReceiver, type HecReceiver } from '../../support/hec-receiver.ts';
import { canRun } from '../../support/requirements.ts';
import { createTempDirectory, waitFor, type TempDirectory } from '../../support/temp.ts';
import { fileEvent, numberedEvents } from './support/events.ts';
import { idsOf, startForwarder, type TestForwarder } from './support/forwarder-fixture.ts';

const token = 'b7e1c3f0-hec-token';

describe.runIf(canRun({ tools: certificateTools }))('Forwarder to HTTPS collectors', () => {
  let folder: TempDirectory;
  let certificates: TestCertificates;
  let receiver: HecReceiver;
  let running: TestForwarder[] = [];
  let dataDirs = 0;

  beforeAll(async () => {
    folder = await createTempDirectory('copywarden-hec-');
    certificates = await createTestCertificates(folder.path);
  });
  beforeEach(async () => {
    receiver = await startHecReceiver(certificates, token);
  });
  afterEach(async () => {
    await Promise.all(running.map((test) => test.forwarder.dispose()));
    running = [];
    await receiver.dispose();
  });
  afterAll(() => folder.dispose());

  /** A forwarder with one HTTPS target of `kind`, with its own data directory. */
  function forwardTo(kind: 'splunk-hec' | 'webhook', target: Record<string, unknown> = {}) {
    const path = kind === 'splunk-hec' ? '/services/collector/event' : '/ingest';
    const test = startForwarder(join(folder.path, `data-${dataDirs++}`), {
      targets: [
        {
          name: 'collector',
          kind,
          url: `${receiver.origin}${path}`,
          token,
          tls: { caFile: certificates.caFile },
          ...target,
        },
      ],
      batchMaxEvents: 20,
      retry: { initialDelaySeconds: 0.05, maxDelaySeconds: 0.2 },
    });
    running.push(test);
    return test;
  }

  function receivedIds(read: (object: Record<string, unknown>) => unknown): Set<unknown> {
    return new Set(receiver.objects().map(read));
  }

  it('posts HEC batches with the Splunk token, one envelope per event', async () => {
    const test = forwardTo('splunk-hec', { sourcetype: 'copywarden:ocsf', index: 'dlp' });
    const events = numberedEvents(45);

    test.forwarder.enqueueAll(events);
    await test.drained();

    expect(receiver.batches.length).toBeGreaterThanOrEqual(3);
    expect(receiver.batches[0]).toMatchObject({
      path: '/services/collector/event',
      authorization: `Splunk ${token}`,
    });
    const envelope = receiver.objects()[0];
    expect(Object.keys(envelope ?? {})).toEqual([
      'time',
      'host',
      'source',
      'sourcetype',
      'index',
      'event',
    ]);
    expect(envelope).toMatchObject({
      time: Date.parse(events[0]?.time ?? '') / 1000,
      host: 'laptop-7',
      source: 'copywarden',
      sourcetype: 'copywarden:ocsf',
      index: 'dlp',
      event: { class_uid: 1001 },
    });
    const ids = receivedIds(
      (object) => (object['event'] as { metadata: { uid: string } }).metadata.uid,
    );
    expect(ids).toEqual(idsOf(events));
  });

  it('posts NDJSON to a webhook with a bearer token read from a file', async () => {
    const tokenFile = join(folder.path, 'webhook.token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    const test = forwardTo('webhook', { token: undefined, tokenFile, format: 'json-ecs' });
    const event = fileEvent();

    test.forwarder.enqueue(event);
    await test.drained();

    expect(receiver.batches[0]).toMatchObject({
      authorization: `Bearer ${token}`,
      contentType: 'application/x-ndjson',
    });
    expect(receiver.objects()).toHaveLength(1);
    expect(receiver.objects()[0]).toMatchObject({ event: { id: event.eventId, kind: 'alert' } });
  });

  it('keeps the batch and reports the answer when the collector refuses the token', async () => {
    const test = forwardTo('splunk-hec', { token: 'wrong-token' });

    test.forwarder.enqueue(fileEvent());
    await waitFor(() => test.state().consecutiveFailures > 0, 5_000, 'a refused delivery');

    expect(test.state().lastError).toBe('HTTP 401: {"text":"Invalid token","code":4}');
    expect(test.state().queued).toBe(1);
    expect(test.logger.records.map((record) => record.message).join('\n')).not.toContain(
      'wrong-token',
    );
  });

  it('loses nothing while the collector fails or is down, and delivers once it is back', async () => {
    const test = forwardTo('splunk-hec');
    const events = numberedEvents(30);

    // Busy, then gone, then back
    receiver.failWith(503);
    test.forwarder.enqueueAll(events.slice(0, 10));
    await waitFor(() => test.state().lastError?.startsWith('HTTP 503') === true, 5_000, 'a 503');
    await receiver.stop();
    test.forwarder.enqueueAll(events.slice(10));
    await waitFor(() => /ECONNREFUSED/.test(test.state().lastError ?? ''), 5_000, 'a refusal');
    receiver.failWith(null);
    await receiver.start();
    await test.drained();

    const ids = receiver
      .objects()
      .map((object) => (object['event'] as { metadata: { uid: string } }).metadata.uid);
    expect(new Set(ids)).toEqual(idsOf(events));
    expect(ids).toHaveLength(events.length);
  });

  it('refuses a collector whose certificate its CA setting does not trust', async () => {
    const test = forwardTo('splunk-hec', { tls: { caFile: certificates.otherCaFile } });

    test.forwarder.enqueue(fileEvent());
    await waitFor(() => test.state().consecutiveFailures > 0, 5_000, 'a refused delivery');

    expect(test.state().lastError).toMatch(/refused the server certificate/);
    expect(receiver.batches).toHaveLength(0);
  });
});
