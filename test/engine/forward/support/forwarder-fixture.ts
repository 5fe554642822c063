import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import type { TransportTimings } from '../../../../src-main/engine/forward/create-transport.ts';
import type { DeliveryStatus } from '../../../../src-main/engine/forward/delivery-status.ts';
import { Forwarder, type ForwarderOptions } from '../../../../src-main/engine/forward/forwarder.ts';
import { waitFor } from '../../../support/temp.ts';
import { forwarderDependencies, forwardingSettings } from './events.ts';

/** Short timings, so that tests see confirmations and timeouts quickly. */
export const testTimings: TransportTimings = {
  syslog: { connectTimeoutMs: 3_000, writeTimeoutMs: 5_000, confirmAfterMs: 200 },
  httpsRequestTimeoutMs: 5_000,
};

/** A started forwarder with an in-memory logger and a list of what it recorded. */
export type TestForwarder = ReturnType<typeof forwarderDependencies> & {
  forwarder: Forwarder;
  /** The status of the first (or only) target. */
  state(): DeliveryStatus;
  /** Waits until the target's queue is empty (everything confirmed). */
  drained(timeoutMs?: number): Promise<void>;
};

/**
 * Starts a forwarder on `dataDir` with a `forwarding` policy section. Like the engine, its
 * record callback queues what it records for the SIEM as well.
 */
export function startForwarder(
  dataDir: string,
  section: unknown,
  extra: Pick<ForwarderOptions, 'chainAnchor'> = {},
): TestForwarder {
  const dependencies = forwarderDependencies();
  const forwarder: Forwarder = new Forwarder({
    dataDir,
    settings: forwardingSettings(section),
    timings: testTimings,
    ...dependencies,
    ...extra,
    record: (event) => {
      dependencies.record(event);
      forwarder.enqueue(event);
    },
  });
  forwarder.start();

  const state = (): DeliveryStatus => {
    const first = forwarder.status().find((status) => status.configured);
    if (first === undefined) {
      throw new Error('no target configured');
    }
    return first;
  };
  return {
    ...dependencies,
    forwarder,
    state,
    drained: (timeoutMs = 10_000) =>
      waitFor(() => state().queued === 0, timeoutMs, 'the outbox to drain'),
  };
}

/** The event id a received message carries, read from its structured data. */
export function eventIdOf(structuredData: string): string | undefined {
  return /eventId="([^"]+)"/.exec(structuredData)?.[1];
}

/** Ids of `events`, as a set. */
export function idsOf(events: readonly ActivityEvent[]): Set<string> {
  return new Set(events.map((event) => event.eventId));
}
