import { isIP } from 'node:net';
import { checkServerIdentity, getCACertificates, type ConnectionOptions } from 'node:tls';

import { readBoundedText } from '../destinations/bounded-read.ts';
import type { TlsSettings } from './forwarding-settings.ts';

/** The largest PEM file read (a CA bundle of a few hundred certificates fits). */
export const maxPemFileBytes = 1024 * 1024;

export type TlsOptionsResult =
  { ok: true; options: ConnectionOptions } | { ok: false; reason: string };

/**
 * Builds the TLS options for connecting to `host`: the server certificate is always verified,
 * against the configured CA file or else the bundled and system stores, and must name
 * `serverName` (or the host); a client certificate is sent when configured. The files are read
 * on every call, so that renewed certificates are picked up at the next connection.
 */
export async function readTlsOptions(
  settings: TlsSettings,
  host: string,
): Promise<TlsOptionsResult> {
  // Trust
  const files: Record<string, string> = {};
  const wanted = {
    ca: settings.caFile,
    cert: settings.clientCertFile,
    key: settings.clientKeyFile,
  };
  for (const [name, path] of Object.entries(wanted)) {
    if (path === undefined) {
      continue;
    }
    const result = await readBoundedText(path, maxPemFileBytes);
    if (!result.ok) {
      return { ok: false, reason: `cannot use a TLS file: ${result.message}` };
    }
    files[name] = result.text;
  }

  // Name to check; SNI carries host names only, never addresses
  const serverName = settings.serverName ?? host;
  return {
    ok: true,
    options: {
      ...files,
      ca: files['ca'] ?? systemAuthorities(),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ...(isIP(serverName) === 0 && { servername: serverName }),
      checkServerIdentity: (_host, certificate) => checkServerIdentity(serverName, certificate),
    },
  };
}

let cachedAuthorities: string[] | null = null;

/** Node's bundled CA store and the operating system's. */
function systemAuthorities(): string[] {
  cachedAuthorities ??= [...getCACertificates('default'), ...getCACertificates('system')];
  return cachedAuthorities;
}
