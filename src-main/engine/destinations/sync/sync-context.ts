import { readdir, stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';

import type { Logger } from '../../base/logger.ts';
import { readBoundedText } from '../bounded-read.ts';
import type { CloudAccount } from '../destination.ts';

/** The providers whose folders are discovered. */
export type SyncProviderId = 'dropbox' | 'onedrive' | 'google-drive' | 'icloud' | 'box';

/** Provider config files are a few kilobytes; anything far larger is not one. */
export const maxConfigBytes = 1024 * 1024;

/**
 * Where discovery looks: the platform, home folder and environment of the user whose folders are
 * found. They are injectable so that tests can lay out a Windows or macOS home on Linux.
 */
export interface SyncContext {
  platform: NodeJS.Platform;
  /** The user's home folder, in the platform's path form. */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Path rules of `platform`: `path.win32` or `path.posix`. */
  path: typeof posix;
  logger: Logger;
  /** Runs `reg query <key> /s` and returns its text; null where there is no registry. */
  queryRegistry(key: string): Promise<string | null>;
}

/** A sync folder one provider's files name, before its existence is checked. */
export interface SyncFolder {
  provider: SyncProviderId;
  path: string;
  account: CloudAccount;
  /** Why it is a sync folder, such as `~/.dropbox/info.json: business, team "Acme"`. */
  evidence: string[];
  /**
   * `config` when a provider's file names the folder (its absence is worth a warning), `probe`
   * when it is a well-known location that may simply not exist.
   */
  origin: 'config' | 'probe';
}

/** A file or folder whose change means a provider's folders may have changed. */
export interface WatchedPath {
  path: string;
  /** How people read it, such as `~/.dropbox/info.json` or `%APPDATA%\Dropbox\info.json`. */
  display: string;
}

/** One cloud provider's discovery. */
export interface SyncProvider {
  id: SyncProviderId;
  /** The product name, such as `Dropbox`. */
  name: string;
  /** The files and folders to poll for changes. */
  watchedPaths(context: SyncContext): WatchedPath[];
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

/** Whether `path` is an existing folder. */
export async function isDirectory(context: SyncContext, path: string): Promise<boolean> {
  try {
    return (await stat(hostPath(context, path))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads a provider's config file. A missing file is normal (the client is not installed) and
 * logged at debug level; any other failure is logged as a warning. Both give null.
 */
export async function readConfigText(
  context: SyncContext,
  file: WatchedPath,
): Promise<string | null> {
  const result = await readBoundedText(hostPath(context, file.path), maxConfigBytes);
  if (result.ok) {
    return result.text;
  }

  if (result.code === 'missing') {
    context.logger.debug(`No ${file.display}`);
  } else {
    context.logger.warn(`Ignoring ${file.display}: ${result.message}`);
  }
  return null;
}

/** An environment variable, or null when it is unset or empty. */
export function environmentValue(context: SyncContext, name: string): string | null {
  const value = context.env[name];
  return value === undefined || value === '' ? null : value;
}

/** `%LOCALAPPDATA%`, falling back to its default under the home folder. */
export function localAppData(context: SyncContext): WatchedPath {
  const path =
    environmentValue(context, 'LOCALAPPDATA') ??
    context.path.join(context.home, 'AppData', 'Local');
  return { path, display: '%LOCALAPPDATA%' };
}

/** `%APPDATA%`, falling back to its default under the home folder. */
export function roamingAppData(context: SyncContext): WatchedPath {
  const path =
    environmentValue(context, 'APPDATA') ?? context.path.join(context.home, 'AppData', 'Roaming');
  return { path, display: '%APPDATA%' };
}

/** A path under the home folder, displayed as `~/...`. */
export function inHome(context: SyncContext, ...segments: string[]): WatchedPath {
  return {
    path: context.path.join(context.home, ...segments),
    display: ['~', ...segments].join('/'),
  };
}

/** A path under a base, displayed under the base's display form. */
export function under(base: WatchedPath, context: SyncContext, ...segments: string[]): WatchedPath {
  return {
    path: context.path.join(base.path, ...segments),
    display: [base.display, ...segments].join(context.path.sep),
  };
}

/** `~/Library/CloudStorage`, where macOS File Provider clients keep one folder per account. */
export function cloudStorageFolder(context: SyncContext): WatchedPath {
  return inHome(context, 'Library', 'CloudStorage');
}

/**
 * The folders in `~/Library/CloudStorage` whose names start with `prefix`, on macOS only. An
 * absent folder gives none.
 */
export async function cloudStorageEntries(
  context: SyncContext,
  prefix: string,
): Promise<{ name: string; folder: WatchedPath }[]> {
  if (context.platform !== 'darwin') {
    return [];
  }

  const base = cloudStorageFolder(context);
  let names: string[];
  try {
    names = await readdir(hostPath(context, base.path));
  } catch {
    return [];
  }

  return names
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => ({ name, folder: under(base, context, name) }));
}

/** Whether a parsed JSON value is an object with named members. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
