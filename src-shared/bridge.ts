import type { ActivityEvent } from './activity-event.ts';

/**
 * The one object the preload exposes to the renderer (as `window.copywarden`). Everything the
 * renderer may ask of the engine goes through it; the host checks each call's sender and
 * validates its payload.
 */
export interface CopywardenBridge {
  /** What the engine protects now. */
  getStatus(): Promise<BridgeStatus>;
  /** Activity log events, newest first. */
  queryLog(query: { since?: string; limit?: number }): Promise<ActivityEvent[]>;
  /** Subscribes to new activity events; returns an unsubscribe function. */
  onEvent(listener: (event: ActivityEvent) => void): () => void;
}

/** The status the tray and the status window show. */
export interface BridgeStatus {
  policyOrigin: string;
  destinations: {
    id: string;
    kind: 'removable-volume' | 'cloud-sync';
    label: string;
    path: string;
  }[];
  watcher: string;
}
