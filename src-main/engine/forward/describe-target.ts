import type { TargetSettings } from './forwarding-settings.ts';

/** Kind, address and format in a few words: `syslog+tls://siem:6514 (cef)`. */
export function describeTarget(settings: TargetSettings): string {
  switch (settings.kind) {
    case 'syslog':
      return `syslog+${settings.transport}://${settings.host}:${settings.port} (${settings.format})`;
    case 'splunk-hec':
    case 'webhook':
      return `${settings.kind} ${settings.url} (${settings.format})`;
  }
}
