import type { Logger } from '../base/logger.ts';
import { ChokidarBackend } from './chokidar-backend.ts';
import { InotifyBackend } from './inotify-backend.ts';
import { linuxWatchHelperPath } from './linux-watch-helper.ts';
import type { WatchBackend } from './watch-backend.ts';

/** A backend a caller may ask for. */
export type WatchBackendPreference = 'inotify' | 'chokidar';

/** Options for choosing a watch backend. */
export interface CreateWatchBackendOptions {
  logger: Logger;
  /** The backend to use when it can run here; by default the best one available. */
  prefer?: WatchBackendPreference;
}

/**
 * Picks the watch backend: the inotify helper on Linux when it was built, the portable chokidar
 * backend otherwise, with a warning, because the portable one can report a file whose writer
 * paused as finished.
 */
export function createWatchBackend(options: CreateWatchBackendOptions): WatchBackend {
  const logger = options.logger.child('Watch');
  if (options.prefer === 'chokidar') {
    return new ChokidarBackend({ logger: options.logger });
  }

  // The inotify helper, where it exists
  const helperPath = process.platform === 'linux' ? linuxWatchHelperPath() : undefined;
  if (helperPath !== undefined) {
    return new InotifyBackend({ logger: options.logger, helperPath });
  }

  if (process.platform === 'linux') {
    logger.warn('the watcher helper is not built (npm run build:native); using chokidar');
  } else if (options.prefer === 'inotify') {
    logger.warn(`inotify is unavailable on ${process.platform}; using chokidar`);
  }
  return new ChokidarBackend({ logger: options.logger });
}
