/** Who sent an IPC message, as the host can tell from Electron's event (or a test's page). */
export interface IpcSender {
  /** The sending web contents (Electron's `webContents.id`). */
  contentsId: number;
  /** Whether the message came from the top frame of its window, not from a frame inside it. */
  isMainFrame: boolean;
  /** The URL of the sending frame; null when the frame is already gone. */
  frameUrl: string | null;
}

/** Which senders the host answers. */
export interface SenderPolicy {
  /** Whether `contentsId` belongs to a window this app created and still has. */
  isOwnContents(contentsId: number): boolean;
  /** The scheme and host the app's pages are served from, such as `app://copywarden`. */
  origin: string;
}

/**
 * Checks a sender: a window this app created, its main frame, showing a page of the app's own
 * origin. Returns why the sender is refused, or null when it passes.
 */
export function refuseSender(sender: IpcSender, policy: SenderPolicy): string | null {
  // A window of ours
  if (!policy.isOwnContents(sender.contentsId)) {
    return `web contents ${sender.contentsId} is not a window this app created`;
  }

  // Its main frame
  if (!sender.isMainFrame) {
    return 'the message came from a sub-frame';
  }

  // Showing our page
  const origin = originOf(sender.frameUrl);
  if (origin !== policy.origin) {
    return `the frame shows ${origin ?? 'no page'}, not ${policy.origin}`;
  }
  return null;
}

/**
 * The scheme and host of `url`. Computed by hand: `URL.origin` is the opaque `null` for custom
 * schemes such as `app:`, which would make every app page look alike to a foreign one.
 */
export function originOf(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) {
    return null;
  }
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
