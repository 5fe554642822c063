import type { FormatContext } from './formats/product.ts';
import type { TargetSettings } from './forwarding-settings.ts';
import { HttpsTransport } from './https/https-transport.ts';
import type { SyslogConnectionTimings } from './syslog/syslog-connection.ts';
import { defaultSyslogTimings, SyslogTransport } from './syslog/syslog-transport.ts';
import type { Transport } from './transport.ts';

/** Timings that tests and benchmarks may shorten. */
export interface TransportTimings {
  syslog: SyslogConnectionTimings;
  /** How long one HTTPS delivery may take. */
  httpsRequestTimeoutMs: number;
}

export const defaultTransportTimings: TransportTimings = {
  syslog: defaultSyslogTimings,
  httpsRequestTimeoutMs: 15_000,
};

/** The transport for a target's settings. */
export function createTransport(
  settings: TargetSettings,
  context: FormatContext,
  timings: TransportTimings = defaultTransportTimings,
): Transport {
  switch (settings.kind) {
    case 'syslog':
      return new SyslogTransport(settings, context, timings.syslog);
    case 'splunk-hec':
    case 'webhook':
      return new HttpsTransport(settings, context, timings.httpsRequestTimeoutMs);
  }
}
