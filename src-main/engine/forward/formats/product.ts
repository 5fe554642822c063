import packageJson from '../../../../package.json' with { type: 'json' };

/** Who produces the events, as SIEM formats name it. */
export const product = {
  name: 'Copywarden',
  vendor: 'Copywarden',
  version: packageJson.version,
} as const;

/** What every format needs besides the event. */
export interface FormatContext {
  /** This machine's host name, as the SIEM should show it. */
  hostname: string;
}
