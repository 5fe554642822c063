import type { SyncContext, WatchedPath } from './sync-context.ts';

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

/** `%USERPROFILE%`, falling back to the home folder. */
export function userProfile(context: SyncContext): WatchedPath {
  return {
    path: environmentValue(context, 'USERPROFILE') ?? context.home,
    display: '%USERPROFILE%',
  };
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

/** `$XDG_CONFIG_HOME`, by default `~/.config` (Linux and other Unix clients). */
export function xdgConfigHome(context: SyncContext): WatchedPath {
  const configured = environmentValue(context, 'XDG_CONFIG_HOME');
  return configured === null
    ? inHome(context, '.config')
    : { path: configured, display: '$XDG_CONFIG_HOME' };
}

/** `$XDG_STATE_HOME`, by default `~/.local/state`. */
export function xdgStateHome(context: SyncContext): WatchedPath {
  const configured = environmentValue(context, 'XDG_STATE_HOME');
  return configured === null
    ? inHome(context, '.local', 'state')
    : { path: configured, display: '$XDG_STATE_HOME' };
}

/** `~/Library/Application Support` on macOS. */
export function macApplicationSupport(context: SyncContext): WatchedPath {
  return inHome(context, 'Library', 'Application Support');
}

/** `~/Library/CloudStorage`, where macOS File Provider clients keep one folder per account. */
export function cloudStorageFolder(context: SyncContext): WatchedPath {
  return inHome(context, 'Library', 'CloudStorage');
}

/** A path with a leading `~` or `~/` made absolute under the home folder, then normalised. */
export function expandHome(context: SyncContext, path: string): string {
  if (path === '~') {
    return context.home;
  }
  if (path.startsWith('~/') || (context.platform === 'win32' && path.startsWith('~\\'))) {
    return context.path.join(context.home, path.slice(2));
  }
  return context.path.normalize(path);
}

/**
 * A folder path from a client's file, normalised: `~` expanded, the Win32 long-path prefix
 * (`\\?\`) removed, slashes turned into the platform's separators. Null when it is not absolute.
 */
export function folderPathFromConfig(context: SyncContext, value: string): string | null {
  const trimmed = value.trim();
  const withoutPrefix = trimmed.startsWith('\\\\?\\') ? trimmed.slice(4) : trimmed;
  const path = withoutTrailingSeparator(context, expandHome(context, withoutPrefix));
  return context.path.isAbsolute(path) ? path : null;
}

/** `/home/a/Nextcloud/` becomes `/home/a/Nextcloud`; roots (`/`, `C:\`) stay as they are. */
function withoutTrailingSeparator(context: SyncContext, path: string): string {
  const root = context.path.parse(path).root;
  let end = path.length;
  while (end > root.length && path[end - 1] === context.path.sep) {
    end--;
  }
  return path.slice(0, end);
}
