import type { ActivityEvent } from '../../../../src-shared/activity-event.ts';
import { eventPayload, payloadText } from '../formats/event-payload.ts';
import type { FormatContext } from '../formats/product.ts';
import type { SyslogTargetSettings } from '../forwarding-settings.ts';
import { readTlsOptions } from '../tls-options.ts';
import { describeTarget } from '../describe-target.ts';
import type { DeliveryResult, Transport } from '../transport.ts';
import { frameOctetCounted } from './octet-counting.ts';
import { eventSyslogMessage } from './rfc5424.ts';
import { SyslogConnection, type SyslogConnectionTimings } from './syslog-connection.ts';

/** The default timings of syslog connections. */
export const defaultSyslogTimings: SyslogConnectionTimings = {
  connectTimeoutMs: 10_000,
  writeTimeoutMs: 30_000,
  confirmAfterMs: 1_000,
};

/**
 * Sends events as RFC 5424 messages with octet-counting framing, over plain TCP (RFC 6587) or
 * TLS (RFC 5425). One connection is kept open and opened again when it breaks.
 */
export class SyslogTransport implements Transport {
  readonly description: string;
  readonly #settings: SyslogTargetSettings;
  readonly #context: FormatContext;
  readonly #timings: SyslogConnectionTimings;
  #connection: SyslogConnection | null = null;

  constructor(
    settings: SyslogTargetSettings,
    context: FormatContext,
    timings: SyslogConnectionTimings = defaultSyslogTimings,
  ) {
    this.#settings = settings;
    this.#context = context;
    this.#timings = timings;
    this.description = describeTarget(settings);
  }

  async deliver(events: readonly ActivityEvent[]): Promise<DeliveryResult> {
    // Format everything before touching the network
    const frames = Buffer.concat(events.map((event) => this.#frame(event)));

    // Connect when needed, then write
    const connection = await this.#open();
    if ('reason' in connection) {
      return { ok: false, reason: connection.reason };
    }
    const failure = await connection.write(frames);
    if (failure !== null) {
      return { ok: false, reason: failure };
    }
    return { ok: true, confirmed: connection.confirmation() };
  }

  async dispose(): Promise<void> {
    await this.#connection?.close();
    this.#connection = null;
  }

  #frame(event: ActivityEvent): Buffer {
    const text = payloadText(eventPayload(this.#settings.format, event, this.#context));
    const message = eventSyslogMessage(event, text, {
      facility: this.#settings.facility,
      hostname: this.#context.hostname,
      procId: String(process.pid),
    });
    return frameOctetCounted(message);
  }

  async #open(): Promise<SyslogConnection | { reason: string }> {
    if (this.#connection?.isOpen === true) {
      return this.#connection;
    }
    this.#connection = null;

    // TLS options are read per connection, so renewed certificates apply at the next one
    const { host, port } = this.#settings;
    let tls = null;
    if (this.#settings.transport === 'tls') {
      const options = await readTlsOptions(this.#settings.tls, host);
      if (!options.ok) {
        return { reason: options.reason };
      }
      tls = options.options;
    }

    const result = await SyslogConnection.connect({ host, port, tls }, this.#timings);
    if (!result.ok) {
      return { reason: result.reason };
    }
    this.#connection = result.connection;
    return result.connection;
  }
}
