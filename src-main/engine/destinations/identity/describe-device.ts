import type { DeviceIdentity } from '../destination.ts';

/**
 * One line about a device for people: `/dev/sdb, usb 0781:5567, SanDisk Cruzer Blade, serial
 * 4C530001230101117263, 15.6 GB; volume vfat "STICK" 1A2B-3C4D, not encrypted`. Fields the OS
 * did not tell are named as unknown, so that a missing serial is visible.
 */
export function describeDeviceIdentity(device: DeviceIdentity): string {
  // The hardware
  const ids =
    device.vendorId === null || device.vendorId === undefined
      ? 'no USB ids'
      : `${device.vendorId}:${device.productId ?? '????'}`;
  const hardware = [
    device.device,
    `${device.bus ?? 'unknown bus'} ${ids}`,
    device.description ?? 'no product name',
    `serial ${device.serial ?? 'unknown'}`,
    device.sizeBytes === null ? 'size unknown' : formatBytes(device.sizeBytes),
  ];

  // The volume
  const label =
    device.volumeLabel === null || device.volumeLabel === undefined
      ? 'no label'
      : `"${device.volumeLabel}"`;
  const encryption =
    device.encrypted === true
      ? 'encrypted'
      : device.encrypted === false
        ? 'not encrypted'
        : 'encryption unknown';
  const volume = [
    `volume ${device.filesystem ?? 'unknown filesystem'} ${label}`,
    `uuid ${device.volumeUuid ?? 'unknown'}`,
    encryption,
  ];

  return `${hardware.join(', ')}; ${volume.join(', ')}`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}
