import type {
  ActivityEvent,
  DetectionName,
  EventAction,
  EventDestination,
  EventRisk,
} from './activity-event.ts';

/**
 * The one object the preload exposes to the renderer, as `window.copywarden`. Everything the
 * renderer may ask of the host goes through it; the renderer never sees a channel name. The host
 * checks each call's sender and validates its payload against `ipc-schemas.ts`.
 */
export interface CopywardenBridge {
  /** The protection state, the policy, the destinations watched, recent events, SIEM delivery. */
  getStatus(): Promise<StatusView>;
  /** One page of the activity log, newest first. */
  queryLog(query: LogQuery): Promise<LogPage>;
  /** Checks the activity log's tamper-evident chain. */
  verifyLog(): Promise<LogIntegrity>;
  /** Writes every event matching `filters` as CSV to a file the user picks in the host. */
  exportLog(filters: LogFilters): Promise<ExportResult>;
  /** The prompts waiting for an answer, oldest first. */
  getPrompts(): Promise<PromptView[]>;
  /** Answers one prompt: a justification releases its files, a cancel keeps them held. */
  answerPrompt(request: AnswerRequest): Promise<AnswerResult>;
  /** Calls `listener` with each event written to the activity log; returns an unsubscribe. */
  onEvent(listener: (event: ActivityEvent) => void): () => void;
  /** Calls `listener` with every pending prompt whenever one opens, grows or ends. */
  onPromptsChange(listener: (prompts: PromptView[]) => void): () => void;
  /** Calls `listener` when the host asks this window to show a view (from the tray menu). */
  onShowView(listener: (view: ConsoleView) => void): () => void;
}

/** The views of the console window. */
export type ConsoleView = 'status' | 'log';

/** The tray's three states. */
export type ProtectionState =
  /** Every destination the policy covers is watched under a valid policy. */
  | 'protected'
  /** Protection works, and the user has something to answer (a prompt). */
  | 'attention'
  /** Something keeps Copywarden from protecting fully: see `problems`. */
  | 'degraded';

/** What the status view shows. */
export interface StatusView {
  protection: ProtectionState;
  /** Why the state is not `protected`, one sentence each. */
  problems: string[];
  policy: {
    /** Where the policy in force comes from, such as `the policy file /etc/copywarden.json`. */
    origin: string;
    /** When it was last applied (ISO 8601), from the activity log; null when unknown. */
    appliedAt: string | null;
    /** The user's group under the policy, and whether it is monitored at all. */
    group: string;
    monitoring: boolean;
  };
  destinations: DestinationView[];
  /** The file watcher in use, such as `inotify helper`. */
  watcher: string;
  /** Files waiting to be classified. */
  pendingFiles: number;
  pendingPrompts: number;
  /** The newest events of the activity log, newest first. */
  recentEvents: ActivityEvent[];
  siem: SiemView;
  /** When the host assembled this view (ISO 8601). */
  checkedAt: string;
}

/** A destination being watched. */
export interface DestinationView {
  id: string;
  kind: EventDestination['kind'];
  label: string;
  /** The folder watched. */
  path: string;
  /** The device (maker, model, device path) or the cloud account; null when unknown. */
  detail: string | null;
}

/** The delivery of events to SIEM targets. */
export interface SiemView {
  /** `none`: no target configured; `unreadable`: the outbox could not be read. */
  state: 'none' | 'delivering' | 'failing' | 'unreadable';
  /** Why, when `unreadable`. */
  message: string | null;
  targets: SiemTargetView[];
}

/** One SIEM target's delivery state. */
export interface SiemTargetView {
  name: string;
  /** Kind, address and format, such as `syslog+tls://siem:6514 (cef)`. */
  description: string;
  queued: number;
  delivered: number;
  dropped: number;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Since when events are being dropped because the outbox is full; null when they are not. */
  overflowSince: string | null;
}

/** The filters of the activity log view; every filter given must match. */
export interface LogFilters {
  /** Only events at or after this ISO 8601 time. */
  since?: string;
  /** Only events before this ISO 8601 time. */
  until?: string;
  detection?: DetectionName;
  risk?: EventRisk;
  /** Exact user name. */
  user?: string;
  /** A destination's id or label, exactly. */
  destination?: string;
  action?: EventAction;
  /** Text that the file path, file name or message contains. */
  search?: string;
}

/** One page of the activity log. */
export interface LogQuery extends LogFilters {
  /** Events per page (at most `maxLogPageSize`). */
  limit?: number;
  /** The `nextCursor` of the previous page, to continue after it. */
  cursor?: string;
}

/** The detections the log can be filtered by, in the order the filter offers them. */
export const detectionNames = [
  'Backup Access',
  'Unauthorized Device Transfer',
  'Cloud Storage Upload',
  'Network Share Transfer',
  'Bulk Backup Copy',
] as const satisfies readonly DetectionName[];

/** The risks the log can be filtered by, lowest first. */
export const riskLevels = ['none', 'low', 'medium', 'high'] as const satisfies readonly EventRisk[];

/** The actions the log can be filtered by. */
export const eventActions = [
  'audit',
  'notify',
  'prompt',
  'block',
] as const satisfies readonly EventAction[];

/** The widest page the host returns. */
export const maxLogPageSize = 500;

/** One page of events, newest first. */
export interface LogPage {
  records: LogRecord[];
  /** Pass as `cursor` for the next page; null when this was the last. */
  nextCursor: string | null;
}

/** An event with its place in the log's chain. */
export interface LogRecord {
  sequence: number;
  event: ActivityEvent;
}

/** The result of checking the log's tamper-evident chain. */
export type LogIntegrity =
  | { state: 'intact'; records: number; headSequence: number; checkedAt: string }
  | {
      state: 'broken';
      /** Records that verified before the break. */
      records: number;
      /** The first record at which the chain does not hold, and what is wrong with it. */
      sequence: number;
      eventId: string | null;
      kind: string;
      detail: string;
      checkedAt: string;
    }
  /** The log or its key could not be read at all. */
  | { state: 'unavailable'; message: string; checkedAt: string };

/** What became of an export. */
export type ExportResult =
  { ok: true; path: string; records: number } | { ok: false; cancelled: boolean; message: string };

/** A question to the user about one copy batch, with what the host knows about each file. */
export interface PromptView {
  id: string;
  destination: {
    id: string;
    label: string;
    kind: EventDestination['kind'] | 'unknown';
    /** The device (maker, model) or cloud account behind it; null when unknown. */
    detail: string | null;
  };
  /** Every file of the batch, in the order they landed. */
  files: PromptFileView[];
  /** The justifications the policy offers. */
  reasons: string[];
  /** Whether the policy also asks for a justification in the user's own words. */
  requireText: boolean;
  maxTextLength: number;
  createdAt: string;
  /** When the default outcome applies if nobody answers (ISO 8601). */
  expiresAt: string;
  /** What happens to the files if nobody answers. */
  defaultOutcome: 'block' | 'release';
}

/** A held file, with why the policy held it. */
export interface PromptFileView {
  quarantineId: string;
  name: string;
  /** Where it landed, and where it goes back to when released. */
  path: string;
  sizeBytes: number;
  /** The classifier's format id, such as `vhdx`; null when none matched. */
  format: string | null;
  /** The detection and risk from the activity log; null until the event is recorded. */
  detection: DetectionName | null;
  risk: EventRisk | null;
  /** Why it matters: the policy's decision and the classifier's reasons, in a sentence. */
  why: string | null;
}

/** The user's answer to a prompt. */
export type PromptAnswer = { kind: 'justify'; reason: string; text: string } | { kind: 'cancel' };

/** A prompt and its answer. */
export interface AnswerRequest {
  promptId: string;
  answer: PromptAnswer;
}

/** What became of an answer. */
export type AnswerResult =
  | {
      ok: true;
      files: { name: string; outcome: 'released' | 'quarantined'; note: string | null }[];
    }
  /** The answer was refused (the prompt ended, or the answer does not fit it). */
  | { ok: false; message: string };

/** The longest free-text justification the host accepts (the engine's limit). */
export const maxJustificationLength = 1000;
