import type { Disposable } from '../base/disposable.ts';
import type { Event } from '../base/emitter.ts';

/** Why a watcher considers a file's write finished. */
export type FinishReason =
  /** The kernel reported the last writer's close (inotify `IN_CLOSE_WRITE`). */
  | 'close-write'
  /** The file was renamed or moved into the watched tree. */
  | 'moved-in'
  /** The file was found by a scan (arming, or a folder created during a copy) with no writer. */
  | 'catch-up'
  /** A portable watcher saw size and time stay still, and the completion probe passed. */
  | 'settled';

/** A file under a watched root whose write has finished. */
export interface FinishedWrite {
  /** The absolute path of the file. */
  path: string;
  /** The watched root the file lies under. */
  root: string;
  reason: FinishReason;
}

/** A root that could not be watched, or stopped being watchable (unmounted, watch limit). */
export interface WatchFailure {
  root: string;
  message: string;
}

/** Options for arming one root. */
export interface AddRootOptions {
  /**
   * Files already present when the root is armed are reported as `catch-up` when their change
   * time is at or after this instant (epoch milliseconds). Use the mount time for a volume.
   */
  sinceMs: number;
}

/**
 * Watches folder trees recursively and reports each file once its write has finished. Every
 * backend passes the same test suite: no half-written file reported, no file lost in folders
 * created during a copy, no file lost while a root is being armed.
 */
export interface WatchBackend extends Disposable {
  /** `inotify` or `chokidar`. */
  readonly name: string;
  /** Arms `root`; resolves once its watches are in place and its catch-up scan has run. */
  add(root: string, options: AddRootOptions): Promise<void>;
  /** Stops watching `root`. Unknown roots are ignored. */
  remove(root: string): Promise<void>;
  readonly onDidFinishWrite: Event<FinishedWrite>;
  readonly onDidFail: Event<WatchFailure>;
}
