import type { ActivityEvent } from '../../../src-shared/activity-event.ts';

/** Whether a batch the receiver took can be counted as delivered, or must be sent again. */
export type Confirmation = { delivered: true } | { delivered: false; reason: string };

/**
 * What became of a batch handed to a transport. `ok` means the receiver took it; `confirmed`
 * then settles once the batch can be counted as delivered (at once for HTTPS, which answers;
 * for syslog, once the connection stayed up for a while after the write) or turned out lost.
 */
export type DeliveryResult =
  { ok: true; confirmed: Promise<Confirmation> } | { ok: false; reason: string };

/** Carries batches of events to one SIEM target. */
export interface Transport {
  /** What the target is, for status and log lines: `syslog+tls://host:6514 (cef)`. */
  readonly description: string;
  /** Sends `events`, in order. Expected failures are results, never throws. */
  deliver(events: readonly ActivityEvent[]): Promise<DeliveryResult>;
  /** Closes connections; pending confirmations settle before it resolves. */
  dispose(): Promise<void>;
}
