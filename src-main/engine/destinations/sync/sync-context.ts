import { posix, win32 } from 'node:path';

import type { Logger } from '../../base/logger.ts';
import type { AccountType, CloudAccount } from '../destination.ts';
import type { ExtendedAttributeResult } from './mac-extended-attributes.ts';

/** The providers whose folders are discovered by name. */
export type SyncProviderId =
  | 'dropbox'
  | 'onedrive'
  | 'google-drive'
  | 'icloud'
  | 'box'
  | 'mega'
  | 'pcloud'
  | 'nextcloud'
  | 'owncloud'
  | 'syncthing'
  | 'sync-com'
  | 'proton-drive'
  | 'tresorit'
  | 'yandex-disk'
  | 'insync'
  | 'seafile'
  | 'rclone';

/**
 * Where discovery looks: the platform, home folder and environment of the user whose folders are
 * found, and the operating-system queries discovery needs. They are injectable so that tests can
 * lay out a Windows or macOS home on Linux and feed recorded command output.
 */
export interface SyncContext {
  platform: NodeJS.Platform;
  /** The user's home folder, in the platform's path form. */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Path rules of `platform`: `path.win32` or `path.posix`. */
  path: typeof posix;
  logger: Logger;
  /** Runs `reg query <key> /s` and returns its text; null where there is no registry or key. */
  queryRegistry(key: string): Promise<string | null>;
  /** The running user's Windows security id (`S-1-5-21-...`); null where unknown. */
  currentUserSid(): Promise<string | null>;
  /** Reads a macOS extended attribute of a folder. */
  readExtendedAttribute(path: string, name: string): Promise<ExtendedAttributeResult>;
  /** The Linux mount table (`/proc/self/mountinfo`); null where there is none. */
  mountInfoPath: string | null;
}

/**
 * A sync folder one discovery route names, before its existence is checked. Several routes may
 * name the same folder (a provider's config and the OS's sync-root registration); the source
 * merges them into one destination.
 */
export interface SyncFolder {
  /**
   * A {@link SyncProviderId}, or for clients found only by generic discovery a slug of the
   * product's name, such as `jottacloud` or `sshdrive`.
   */
  provider: string;
  /** The product's name for people, when `provider` is not a known id (`Jottacloud`). */
  productName?: string;
  path: string;
  account: CloudAccount;
  /** Why it is a sync folder, such as `~/.dropbox/info.json: business, team "Acme"`. */
  evidence: string[];
  /**
   * `config` when a provider's file or the OS's registration names the folder (its absence is
   * worth a warning); `marker` when a provider's marker file was found in it; `probe` when it is a
   * well-known location that may simply not exist. When routes disagree, the stronger wins.
   */
  origin: 'config' | 'marker' | 'probe';
}

/** A file or folder whose change means a provider's folders may have changed. */
export interface WatchedPath {
  path: string;
  /** How people read it, such as `~/.dropbox/info.json` or `%APPDATA%\Dropbox\info.json`. */
  display: string;
}

/** One discovery route: a provider's own files, or a provider-independent OS registration. */
export interface SyncProvider {
  /** The provider id, or a name such as `file-provider` for provider-independent routes. */
  id: string;
  /** The name used in diagnostics, such as `Dropbox`. */
  name: string;
  /** The files and folders to poll for changes. */
  watchedPaths(context: SyncContext): WatchedPath[];
  /** Registry keys (`reg query` form) whose change means the folders may have changed. */
  watchedRegistryKeys?(context: SyncContext): string[];
  /** Mount types (`fuse.rclone`) whose mounts appearing or going change the folders. */
  watchedMountTypes?: readonly string[];
  /** Finds the provider's sync folders. Expected failures are logged and give fewer folders. */
  discover(context: SyncContext): Promise<SyncFolder[]>;
}

/** The path rules of a platform. */
export function pathApiFor(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

/**
 * The path the host filesystem understands. When a Windows layout is examined on a POSIX host
 * (tests), its separators become slashes; otherwise the path is unchanged.
 */
export function hostPath(context: SyncContext, path: string): string {
  if (context.platform === 'win32' && process.platform !== 'win32') {
    return path.replaceAll('\\', '/');
  }
  return path;
}

/** A cloud account from what is known; unnamed details are null. */
export function cloudAccount(
  type: AccountType,
  details: {
    email?: string | null;
    organisation?: string | null;
    organisationId?: string | null;
  } = {},
): CloudAccount {
  const account: CloudAccount = {
    type,
    email: details.email ?? null,
    organisation: details.organisation ?? null,
  };
  if (details.organisationId !== undefined && details.organisationId !== null) {
    account.organisationId = details.organisationId;
  }
  return account;
}

/** Consumer e-mail domains of providers whose other domains are business accounts. */
const consumerDomainsByProvider: Record<string, readonly string[]> = {
  'google-drive': ['gmail.com', 'googlemail.com'],
  'proton-drive': ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
};

/**
 * The account type an address tells for providers where consumer accounts use the provider's own
 * domains: `@gmail.com` is personal, any other domain a Workspace (business) account. A consumer
 * account on a custom domain is reported as business; nothing local tells it apart.
 */
export function accountFromEmail(provider: string, email: string): CloudAccount {
  const domain = email.split('@')[1]?.toLowerCase();
  const consumerDomains = consumerDomainsByProvider[provider] ?? [];
  if (domain === undefined || domain === '') {
    return cloudAccount('unknown', { email });
  }
  if (consumerDomains.includes(domain)) {
    return cloudAccount('personal', { email });
  }
  return cloudAccount('business', { email, organisation: domain });
}
