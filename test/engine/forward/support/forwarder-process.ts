// A forwarder in a process of its own, for tests that kill it: `node forwarder-process.ts
// CONFIG.json [--enqueue]`. With --enqueue it first queues the events of the configuration's
// events file and prints `enqueued`; then it starts delivering, prints `started`, and runs until
// SIGTERM (a clean stop) or SIGKILL (the crash under test).
import { readFile } from 'node:fs/promises';

import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { createStderrLogger } from '../../../../src-main/engine/base/logger.ts';
import type { TransportTimings } from '../../../../src-main/engine/forward/create-transport.ts';
import { Forwarder } from '../../../../src-main/engine/forward/forwarder.ts';
import { forwardingSchema } from '../../../../src-main/engine/forward/forwarding-settings.ts';

/** What the process is told. */
export interface ForwarderProcessConfig {
  dataDir: string;
  /** The policy's `forwarding` section. */
  forwarding: unknown;
  /** A JSON file holding an array of events to queue with --enqueue. */
  eventsFile: string;
  timings: TransportTimings;
}

const [configFile, flag] = process.argv.slice(2);
if (configFile === undefined) {
  throw new Error('usage: forwarder-process.ts CONFIG.json [--enqueue]');
}
const config = JSON.parse(await readFile(configFile, 'utf8')) as ForwarderProcessConfig;

const forwarder = new Forwarder({
  dataDir: config.dataDir,
  settings: forwardingSchema.parse(config.forwarding),
  logger: createStderrLogger('warn'),
  record: () => undefined,
  identity: { user: 'alice', machineId: 'machine-1' },
  timings: config.timings,
});

if (flag === '--enqueue') {
  const events = JSON.parse(await readFile(config.eventsFile, 'utf8')) as ActivityEvent[];
  forwarder.enqueueAll(events);
  process.stdout.write('enqueued\n');
}
forwarder.start();
process.stdout.write('started\n');

const keepAlive = setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => {
  clearInterval(keepAlive);
  void forwarder.dispose();
});
