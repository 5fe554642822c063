/**
 * The activity log's event: what a user did and what Copywarden did about it. Shared by the
 * engine, the command line and the renderer's log viewer. Events carry metadata only (names,
 * sizes, formats, device ids, user), never file contents.
 */

/** What happened. */
export type ActivityEventType =
  /** A file landed on a destination and was classified. */
  | 'file-landed'
  /** A user copied more backups within the policy's window than its thresholds allow. */
  | 'bulk-copy-alert'
  /** A user answered a prompt (or it timed out); the event says what became of one held file. */
  | 'prompt-answered'
  /** A quarantined file was put back, at its original place or another. */
  | 'file-restored'
  /** A quarantined file was deleted for good (by an administrator or by retention limits). */
  | 'file-purged'
  /** A policy was applied. */
  | 'policy-applied'
  /** A changed policy was refused; the last good one stays in force. */
  | 'policy-rejected'
  /**
   * The activity log wrote a record about itself: retention removed old records (the
   * checkpoint carries the tamper-evident chain across them), or it found its key or chain
   * head missing when it opened. The message says which.
   */
  | 'log-checkpoint'
  /** The agent started or stopped protecting. */
  | 'agent-started'
  | 'agent-stopped'
  /**
   * A SIEM target's outbox was full and events gave way by the policy's overflow rule; recorded
   * when dropping starts and again, with the count, when it ends.
   */
  | 'forwarding-overflow'
  /** Sent to SIEM targets at intervals so that a silenced agent is noticed; not logged locally. */
  | 'heartbeat';

/** The detections Copywarden raises, with their display names. */
export type DetectionName =
  | 'Backup Access'
  | 'Bulk Backup Copy'
  | 'Unauthorized Device Transfer'
  | 'Cloud Storage Upload'
  /** A backup written to a mounted network share or mapped network drive. */
  | 'Network Share Transfer';

export type EventRisk = 'none' | 'low' | 'medium' | 'high';

/** What the policy asked for. */
export type EventAction = 'audit' | 'notify' | 'prompt' | 'block';

/** What actually happened to the file. */
export type EventOutcome =
  /** Recorded; the file stays where it landed. */
  | 'allowed'
  /** Recorded and the user was told; the file stays. */
  | 'notified'
  /** Moved into the quarantine. */
  | 'quarantined'
  /** Taken from the destination and held while the user is asked for a justification. */
  | 'held'
  /** Put back where it landed after the user justified the copy. */
  | 'released'
  /** The policy asked to block, but the file could not be moved; it stays where it landed. */
  | 'block-failed'
  /** Not a file event: the outcome is in the message. */
  | 'none';

/** The file an event is about. */
export interface EventFile {
  path: string;
  name: string;
  sizeBytes: number;
  /** The classifier's format id, such as `vhdx`; null when none matched. */
  format: string | null;
  category: string;
  encrypted: boolean | null;
  /** SHA-256 of the contents, where the engine computed it (for example while quarantining). */
  sha256: string | null;
}

/** The exit the file went to. */
export interface EventDestination {
  /** `network-share`: a mounted SMB, NFS, SSHFS, WebDAV or AFP share or a mapped network drive. */
  kind: 'removable-volume' | 'cloud-sync' | 'network-share' | 'local-folder';
  id: string;
  label: string;
  provider: string | null;
  /** The device behind a removable volume, as the OS identifies it; absent or null otherwise. */
  device?: EventDevice | null;
}

/** A removable device's identity, for helpdesk and SIEM rules (no contents, no user data). */
export interface EventDevice {
  /** USB vendor and product ids, such as `0781` and `5567`. */
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  vendor: string | null;
  model: string | null;
  /** The bus: `usb`, `sd`, `thunderbolt`, `virtual`... */
  bus: string | null;
  /** The volume's UUID (or FAT/exFAT serial). */
  volumeUuid: string | null;
}

export interface ActivityEvent {
  /** A stable unique id, for de-duplication downstream. */
  eventId: string;
  /** ISO 8601 time, UTC. */
  time: string;
  type: ActivityEventType;
  user: string;
  /** The policy group of the user (its id, such as `it-operations`); null where none applies. */
  group: string | null;
  machineId: string;
  detection: DetectionName | null;
  risk: EventRisk;
  file: EventFile | null;
  destination: EventDestination | null;
  action: EventAction | null;
  outcome: EventOutcome;
  /** The quarantine entry holding the file, when it was quarantined. */
  quarantineId: string | null;
  /** Why: the classifier's reasons and the policy's decision, in a sentence. */
  message: string;
}
