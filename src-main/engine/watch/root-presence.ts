import { stat } from 'node:fs/promises';

import { toDisposable, type Disposable } from '../base/disposable.ts';

/**
 * Calls `onGone` once when `root` stops being the folder it was at arming: it cannot be read
 * any more, or it now lies on another device (its volume was unmounted and the bare mount point
 * remains). Portable watchers get no unmount notification, so they poll.
 */
export function watchRootPresence(
  root: string,
  device: number,
  intervalMs: number,
  onGone: (message: string) => void,
): Disposable {
  let isChecking = false;
  let isDone = false;

  const timer = setInterval(() => {
    if (isChecking || isDone) {
      return;
    }
    isChecking = true;

    void stat(root)
      .then(
        (status) => (status.dev === device ? undefined : 'the volume was unmounted'),
        (error: unknown) => `the root folder cannot be read: ${String(error)}`,
      )
      .then((message) => {
        isChecking = false;
        if (message !== undefined && !isDone) {
          isDone = true;
          clearInterval(timer);
          onGone(message);
        }
      });
  }, intervalMs);
  timer.unref();

  return toDisposable(() => {
    isDone = true;
    clearInterval(timer);
  });
}
