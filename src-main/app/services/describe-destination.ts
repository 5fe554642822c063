import type { DestinationView } from '../../../src-shared/bridge.ts';
import type { Destination } from '../../engine/destinations/destination.ts';

/** A destination as the views show it. */
export function toDestinationView(destination: Destination): DestinationView {
  return {
    id: destination.id,
    kind: destination.kind,
    label: destination.label,
    path: destination.path,
    detail: describeDestinationDetail(destination),
  };
}

/**
 * The device or account behind a destination, for people: `SanDisk Cruzer Blade (/dev/sdb)`,
 * `alice@example.com at Acme (business)`; null when the engine knows neither.
 */
export function describeDestinationDetail(destination: Destination): string | null {
  // A device
  const device = destination.device;
  if (device !== null) {
    const maker = [device.vendor, device.model].filter(
      (part): part is string => typeof part === 'string' && part !== '',
    );
    const name = maker.length > 0 ? maker.join(' ') : device.description;
    return name === null || name === '' ? device.device : `${name} (${device.device})`;
  }

  // An account
  const account = destination.account;
  if (account !== null) {
    const who = account.email ?? 'an account';
    const where = account.organisation === null ? '' : ` at ${account.organisation}`;
    const type = account.type === 'unknown' ? '' : ` (${account.type})`;
    return account.email === null && account.organisation === null ? null : `${who}${where}${type}`;
  }
  return null;
}
