import { hostname } from 'node:os';
import { join } from 'node:path';

import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { Disposable } from '../base/disposable.ts';
import type { Logger } from '../base/logger.ts';
import type { Identity } from '../identity.ts';
import type { ChainAnchor } from '../log/activity-log.ts';
import {
  createTransport,
  defaultTransportTimings,
  type TransportTimings,
} from './create-transport.ts';
import { Heartbeats } from './delivery/heartbeats.ts';
import { OverflowEpisodes } from './delivery/overflow-episodes.ts';
import { TargetWorker } from './delivery/target-worker.ts';
import { outboxFileName, type DeliveryStatus } from './delivery-status.ts';
import { describeTarget } from './describe-target.ts';
import type { FormatContext } from './formats/product.ts';
import type { ForwardingSettings, TargetSettings } from './forwarding-settings.ts';
import { Outbox } from './outbox/outbox.ts';

/** How to build a forwarder. */
export interface ForwarderOptions {
  /** The data directory; the outbox is `outbox.sqlite` in it. */
  dataDir: string;
  /** The policy's `forwarding` section. */
  settings: ForwardingSettings;
  logger: Logger;
  /** Records an event of the forwarder's own (an outbox overflow) in the activity log. */
  record: (event: ActivityEvent) => void;
  /** Stamped on heartbeats and overflow events. */
  identity: Identity;
  /** The host name SIEM formats carry; this machine's by default. */
  hostname?: string;
  /** The activity log's chain head, carried by heartbeats as a checkpoint at the SIEM. */
  chainAnchor?: () => ChainAnchor | null;
  /** Shorter timings, for tests and benchmarks. */
  timings?: TransportTimings;
}

interface RunningTarget {
  settings: TargetSettings;
  /** What the worker was built from, as JSON; see `#workerKey`. */
  key: string;
  worker: TargetWorker;
}

/**
 * Forwards activity events to SIEM targets (syslog over TCP or TLS, Splunk HEC, NDJSON
 * webhooks) through a durable outbox: at least once, with the event id for de-duplication,
 * each target at its own pace with backoff, bounded, and never dropping silently. Each target
 * also receives a heartbeat at intervals, so that a silenced agent is noticed at the SIEM.
 */
export class Forwarder implements Disposable {
  readonly #options: ForwarderOptions;
  readonly #logger: Logger;
  readonly #outbox: Outbox;
  readonly #context: FormatContext;
  readonly #targets = new Map<string, RunningTarget>();
  readonly #overflow: OverflowEpisodes;
  readonly #heartbeats: Heartbeats;
  #settings: ForwardingSettings;
  #settingsChange: Promise<void> = Promise.resolve();
  #started = false;
  #disposed = false;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Forward');
    this.#outbox = new Outbox(join(options.dataDir, outboxFileName));
    this.#context = { hostname: options.hostname ?? hostname() };
    this.#settings = options.settings;
    this.#overflow = new OverflowEpisodes({ ...options, outbox: this.#outbox });
    this.#heartbeats = new Heartbeats({
      ...options,
      outbox: this.#outbox,
      workers: () => [...this.#targets].map(([name, target]) => [name, target.worker]),
    });
  }

  /** Starts delivering what the outbox holds and what arrives, and the heartbeats. */
  start(): void {
    if (this.#started || this.#disposed) {
      return;
    }
    this.#started = true;
    this.#noteTargets();
    this.#startTargets();
    this.#heartbeats.restart(this.#settings.heartbeatIntervalSeconds * 1000);
  }

  /** Queues an event for every target; it is on disk when this returns. */
  enqueue(event: ActivityEvent): void {
    this.enqueueAll([event]);
  }

  /** Queues events in one transaction. A failure to queue is logged, never thrown. */
  enqueueAll(events: readonly ActivityEvent[]): void {
    const names = this.#settings.targets.map((target) => target.name);
    if (names.length === 0 || this.#disposed) {
      return;
    }

    // Store
    let dropped: Map<string, number>;
    try {
      dropped = this.#outbox.enqueue(events, names, this.#settings.outbox);
    } catch (error) {
      this.#logger.error(`could not queue ${events.length} events for the SIEM`, error);
      return;
    }

    // Deliver, and record what the bound dropped
    for (const target of this.#targets.values()) {
      target.worker.wake();
    }
    for (const [target, count] of dropped) {
      this.#overflow.noteDropped(target, count, this.#settings.outbox);
    }
  }

  /** Applies changed settings: new, changed and removed targets, bound, heartbeat interval. */
  applySettings(settings: ForwardingSettings, policyOrigin?: string): Promise<void> {
    this.#settingsChange = this.#settingsChange
      .then(async () => {
        if (this.#disposed) {
          return;
        }
        this.#settings = settings;
        this.#noteTargets(policyOrigin);
        if (this.#started) {
          await this.#stopTargets(true);
          this.#startTargets();
          this.#heartbeats.restart(this.#settings.heartbeatIntervalSeconds * 1000);
        }
      })
      .catch((error: unknown) => {
        this.#logger.error('could not apply the forwarding settings', error);
      });
    return this.#settingsChange;
  }

  /** The delivery state of every target, including ones the settings no longer name. */
  status(): DeliveryStatus[] {
    return this.#outbox.status();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#settingsChange;
    this.#heartbeats.dispose();
    await this.#stopTargets(false);
    this.#outbox.dispose();
  }

  /** Stores the targets and where the settings came from, for `copywarden status`. */
  #noteTargets(policyOrigin?: string): void {
    const targets = this.#settings.targets.map((target) => ({
      name: target.name,
      description: describeTarget(target),
    }));
    this.#outbox.configureTargets(targets);
    if (policyOrigin !== undefined) {
      this.#outbox.setAgentFact('policyOrigin', policyOrigin);
    }
    this.#outbox.setAgentFact('settingsAppliedAt', new Date().toISOString());
  }

  #startTargets(): void {
    for (const settings of this.#settings.targets) {
      if (this.#targets.has(settings.name)) {
        continue;
      }
      const worker = new TargetWorker({
        target: settings.name,
        transport: createTransport(
          settings,
          this.#context,
          this.#options.timings ?? defaultTransportTimings,
        ),
        outbox: this.#outbox,
        logger: this.#options.logger,
        batchMaxEvents: this.#settings.batchMaxEvents,
        retry: {
          initialDelayMs: this.#settings.retry.initialDelaySeconds * 1000,
          maxDelayMs: this.#settings.retry.maxDelaySeconds * 1000,
        },
        onDidDeliver: () => {
          this.#overflow.checkEnded(settings.name, this.#settings.outbox);
        },
      });
      this.#targets.set(settings.name, { settings, key: this.#workerKey(settings), worker });
      worker.wake();
    }
  }

  /** Stops every worker, or (`changedOnly`) those of targets removed or changed. */
  async #stopTargets(changedOnly: boolean): Promise<void> {
    const keys = new Map(
      this.#settings.targets.map((target) => [target.name, this.#workerKey(target)]),
    );

    const stopping: Promise<void>[] = [];
    for (const [name, target] of this.#targets) {
      if (!changedOnly || keys.get(name) !== target.key) {
        this.#targets.delete(name);
        stopping.push(target.worker.dispose());
      }
    }
    await Promise.all(stopping);
  }

  /** Everything a worker was built from: when it changes, the worker is replaced. */
  #workerKey(target: TargetSettings): string {
    const { batchMaxEvents, retry } = this.#settings;
    return JSON.stringify({ target, batchMaxEvents, retry });
  }
}
