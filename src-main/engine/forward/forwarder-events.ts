import { randomUUID } from 'node:crypto';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Identity } from '../identity.ts';
import type { ChainAnchor } from '../log/activity-log.ts';
import type { OutboxBound, OverflowEpisode } from './outbox/outbox.ts';

/** An event of the forwarder itself: no file, no destination, no action. */
function forwarderEvent(
  type: ActivityEvent['type'],
  identity: Identity,
  risk: ActivityEvent['risk'],
  message: string,
): ActivityEvent {
  return {
    eventId: randomUUID(),
    time: new Date().toISOString(),
    type,
    ...identity,
    group: null,
    detection: null,
    risk,
    file: null,
    destination: null,
    action: null,
    outcome: 'none',
    quarantineId: null,
    message,
  };
}

/**
 * The heartbeat a target receives: the agent is alive, how its queue for the target stands, and
 * the activity log's chain head when known, so that the SIEM holds a checkpoint of the log.
 */
export function heartbeatEvent(
  identity: Identity,
  queue: { target: string; queued: number; dropped: number },
  anchor: ChainAnchor | null,
): ActivityEvent {
  const head =
    anchor === null
      ? ''
      : ` Activity log head: sequence ${anchor.sequence}, chain MAC ${anchor.chainMac}, ` +
        `key fingerprint ${anchor.keyFingerprint}.`;
  const message =
    `Copywarden is running; ${queue.queued} events wait for target "${queue.target}", ` +
    `${queue.dropped} were dropped by its outbox in total.${head}`;
  return forwarderEvent('heartbeat', identity, 'none', message);
}

/** Recorded when a target's outbox starts dropping events. */
export function overflowStartedEvent(
  identity: Identity,
  target: string,
  bound: OutboxBound,
): ActivityEvent {
  const which = bound.overflow === 'drop-oldest' ? 'the oldest waiting events' : 'new events';
  const message =
    `The outbox for SIEM target "${target}" is full (${bound.maxEvents} events): ` +
    `${which} are dropped until it drains.`;
  return forwarderEvent('forwarding-overflow', identity, 'medium', message);
}

/** Recorded when a target's outbox has room again: how many events were lost to it, since when. */
export function overflowEndedEvent(
  identity: Identity,
  target: string,
  episode: OverflowEpisode,
): ActivityEvent {
  const message =
    `The outbox for SIEM target "${target}" has room again; it dropped ${episode.dropped} ` +
    `events since ${episode.since}.`;
  return forwarderEvent('forwarding-overflow', identity, 'medium', message);
}
