import type { SyncProviderId } from './sync-context.ts';

/** The product name of each known provider, as labels show it. */
export const syncProviderNames: Record<SyncProviderId, string> = {
  dropbox: 'Dropbox',
  onedrive: 'OneDrive',
  'google-drive': 'Google Drive',
  icloud: 'iCloud Drive',
  box: 'Box',
  mega: 'MEGA',
  pcloud: 'pCloud',
  nextcloud: 'Nextcloud',
  owncloud: 'ownCloud',
  syncthing: 'Syncthing',
  'sync-com': 'Sync.com',
  'proton-drive': 'Proton Drive',
  tresorit: 'Tresorit',
  'yandex-disk': 'Yandex Disk',
  insync: 'Insync',
  seafile: 'Seafile',
  rclone: 'rclone',
};

/**
 * How the OS's registrations name the known providers: the prefix of a SyncRootManager id
 * (`OneDrive!S-1-5-...`), of a `~/Library/CloudStorage` folder (`GoogleDrive-a@b.com`), or of an
 * Explorer navigation-pane entry (`iCloudDrive`). Compared without case, spaces and dashes.
 */
const namePrefixes: readonly { prefix: string; provider: SyncProviderId }[] = [
  { prefix: 'onedrive', provider: 'onedrive' },
  { prefix: 'sharepoint', provider: 'onedrive' },
  { prefix: 'googledrive', provider: 'google-drive' },
  { prefix: 'drivefs', provider: 'google-drive' },
  { prefix: 'dropbox', provider: 'dropbox' },
  { prefix: 'icloud', provider: 'icloud' },
  { prefix: 'box', provider: 'box' },
  { prefix: 'mega', provider: 'mega' },
  { prefix: 'pcloud', provider: 'pcloud' },
  { prefix: 'nextcloud', provider: 'nextcloud' },
  { prefix: 'owncloud', provider: 'owncloud' },
  { prefix: 'protondrive', provider: 'proton-drive' },
  { prefix: 'tresorit', provider: 'tresorit' },
  { prefix: 'yandexdisk', provider: 'yandex-disk' },
  { prefix: 'seadrive', provider: 'seafile' },
  { prefix: 'seafile', provider: 'seafile' },
];

/** The known provider a registration's name starts with, or null (`Box-Box` is Box). */
export function providerFromName(name: string): SyncProviderId | null {
  const compact = name.toLowerCase().replace(/[\s\-_.]+/g, '');
  // `box` must not claim `boxcryptor`-like names: it only matches whole or dash-separated
  const match = namePrefixes.find(({ prefix, provider }) =>
    provider === 'box' ? /^box(-|$)/i.test(name) : compact.startsWith(prefix),
  );
  return match?.provider ?? null;
}

/** A provider id for a product that is not a known one: its name in lower case, dashed. */
export function providerSlug(productName: string): string {
  const slug = productName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'unknown' : slug;
}

/** The label name of a folder's provider: the known product name, or the one found with it. */
export function providerDisplayName(provider: string, productName?: string): string {
  if (isKnownProvider(provider)) {
    return syncProviderNames[provider];
  }
  return productName ?? provider;
}

/** Whether an id is one of the known providers. */
export function isKnownProvider(provider: string): provider is SyncProviderId {
  return Object.hasOwn(syncProviderNames, provider);
}
