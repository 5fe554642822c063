import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';

import type { ActivityEvent, ActivityEventType } from '../../src-shared/activity-event.ts';
import {
  FileKeyProtector,
  loadOrCreateMasterKey,
  type KeyProtector,
} from './actions/key-protector.ts';
import { Quarantine, type QuarantineEntry, type QuarantineResult } from './actions/quarantine.ts';
import { AgentHeartbeat } from './agent-heartbeat.ts';
import type { Disposable } from './base/disposable.ts';
import { DisposableStore } from './base/disposable.ts';
import { Emitter } from './base/emitter.ts';
import type { Logger } from './base/logger.ts';
import { WorkQueue } from './base/work-queue.ts';
import { classifyFile } from './classify/classify-file.ts';
import type { Destination } from './destinations/destination.ts';
import { DestinationWatch } from './destination-watch.ts';
import { FilePipeline } from './file-pipeline.ts';
import { readIdentity, type Identity } from './identity.ts';
import type { ActivityQuery } from './log/activity-log.ts';
import { ActivityLog } from './log/activity-log.ts';
import { formatPolicyErrors, type PolicyError } from './policy/load-policy.ts';
import { PolicyStore } from './policy/policy-store.ts';
import type { CreateWatchBackendOptions } from './watch/create-watch-backend.ts';

/** How to build an engine. */
export interface EngineOptions {
  /** Where the activity log and the quarantine live. */
  dataDir: string;
  /** A policy file; null for the embedded default. */
  policyFile: string | null;
  logger: Logger;
  /** The user's home folder, where cloud clients keep their configuration. */
  home: string;
  /** The environment, for the Windows folders cloud clients use (`APPDATA`, ...). */
  env: Readonly<Record<string, string | undefined>>;
  /** Which watcher to use; by default the best one this OS offers. */
  watchBackend?: CreateWatchBackendOptions['prefer'];
  /** How many files are classified at once. */
  concurrency?: number;
  /**
   * Keeps the quarantine's master key. The desktop host passes one backed by the platform's
   * secret store; by default the key is a 0600 file in the data directory's `keys` folder.
   */
  keyProtector?: KeyProtector;
}

/** What the engine is doing, for `copywarden status` and the tray. */
export interface EngineStatus {
  policyOrigin: string;
  destinations: Destination[];
  watcher: string;
  pendingFiles: number;
}

/** Thrown by `start` when the policy file given cannot be used. */
export class PolicyFileError extends Error {
  readonly errors: PolicyError[];

  constructor(path: string, errors: PolicyError[]) {
    super(`The policy file ${path} is not valid:\n${formatPolicyErrors(errors)}`);
    this.errors = errors;
  }
}

/**
 * The detection engine behind one typed API: it watches every destination the policy covers,
 * classifies each file that lands there, applies the policy and records what happened. It knows
 * nothing of its caller: the command line and the desktop host use the same API.
 */
export class Engine implements Disposable {
  readonly #options: EngineOptions;
  readonly #logger: Logger;
  readonly #store = new DisposableStore();
  readonly #onDidRecordEvent = new Emitter<ActivityEvent>();
  readonly #onDidNotify = new Emitter<string>();
  readonly #identity: Identity = readIdentity();
  readonly #activityLog: ActivityLog;
  readonly #policy: PolicyStore;
  readonly #quarantine: Quarantine;
  readonly #queue: WorkQueue;
  readonly #destinationWatch: DestinationWatch;
  readonly #heartbeat: AgentHeartbeat;

  /** Fires after each event was written to the activity log. */
  readonly onDidRecordEvent = this.#onDidRecordEvent.event;
  /** Fires with a message for the user (the desktop host shows a notification). */
  readonly onDidNotify = this.#onDidNotify.event;

  constructor(options: EngineOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Engine');

    // The activity log, the policy and the quarantine
    this.#activityLog = this.#store.add(new ActivityLog(join(options.dataDir, 'activity.sqlite')));
    this.#policy = this.#store.add(
      new PolicyStore({ policyFile: options.policyFile, logger: options.logger }),
    );
    const keyProtector =
      options.keyProtector ?? new FileKeyProtector(join(options.dataDir, 'keys', 'quarantine.key'));
    this.#quarantine = new Quarantine(
      join(options.dataDir, 'quarantine'),
      loadOrCreateMasterKey(keyProtector),
      options.logger,
    );
    this.#heartbeat = this.#store.add(new AgentHeartbeat(options.dataDir, options.logger));

    // The file pipeline, fed by the destination watch through a bounded queue
    const pipeline = new FilePipeline({
      classify: (path) => classifyFile(path),
      policy: () => this.#policy.policy,
      actions: {
        quarantine: this.#quarantine,
        notify: (message) => {
          this.#onDidNotify.fire(message);
        },
      },
      identity: this.#identity,
      record: (event) => {
        this.#record(event);
      },
      logger: options.logger,
    });
    this.#queue = this.#store.add(
      new WorkQueue(options.concurrency ?? 4, (error) => {
        this.#logger.error('a file could not be processed', error);
      }),
    );
    this.#destinationWatch = this.#store.add(
      new DestinationWatch({
        logger: options.logger,
        home: options.home,
        env: options.env,
        ...(options.watchBackend !== undefined && { watchBackend: options.watchBackend }),
        onFile: (path, destination) => {
          this.#queue.push(() => pipeline.process(path, destination));
        },
      }),
    );
  }

  /** Loads the policy, recovers the quarantine, and arms every destination. */
  async start(): Promise<void> {
    // Policy
    const errors = await this.#policy.start();
    if (errors.length > 0 && this.#options.policyFile !== null) {
      throw new PolicyFileError(this.#options.policyFile, errors);
    }
    this.#store.add(
      this.#policy.onDidChange((policy) => {
        this.#recordAgentEvent(
          'policy-applied',
          `policy changed; now in force from ${this.#describePolicyOrigin()}`,
        );
        void this.#destinationWatch.applyPolicy(policy);
      }),
    );
    this.#store.add(
      this.#policy.onDidReject((rejection) => {
        this.#recordAgentEvent(
          'policy-rejected',
          `refused a policy change: ${formatPolicyErrors(rejection.errors)}; the last good policy stays in force`,
        );
      }),
    );

    // Quarantine and destinations, catching up on files that landed while the agent was down
    await this.#quarantine.recover();
    const catchUpSinceMs = this.#heartbeat.catchUpSince();
    this.#heartbeat.start();
    await this.#destinationWatch.start(this.#policy.policy, catchUpSinceMs ?? undefined);
    this.#recordAgentEvent(
      'agent-started',
      `protecting with the policy from ${this.#describePolicyOrigin()}`,
    );
  }

  status(): EngineStatus {
    return {
      policyOrigin: this.#describePolicyOrigin(),
      destinations: this.#destinationWatch.armed(),
      watcher: this.#destinationWatch.backendName,
      pendingFiles: this.#queue.size,
    };
  }

  /** Events from the activity log, newest first. */
  queryLog(query: ActivityQuery = {}): ActivityEvent[] {
    return this.#activityLog.query(query);
  }

  /** The files in the quarantine, oldest first. */
  listQuarantine(): Promise<QuarantineEntry[]> {
    return this.#quarantine.list();
  }

  /** Puts a quarantined file back (at its original path or `targetPath`) and records it. */
  async restoreFromQuarantine(id: string, targetPath?: string): Promise<QuarantineResult<string>> {
    const entry = await this.#quarantine.get(id);
    const result = await this.#quarantine.restore(id, targetPath);
    if (result.ok && entry !== null) {
      this.#recordQuarantineEvent('file-restored', entry, `restored to ${result.value}`);
    }
    return result;
  }

  /** Deletes a quarantined file for good and records it. */
  async purgeFromQuarantine(id: string): Promise<QuarantineResult<QuarantineEntry>> {
    const result = await this.#quarantine.purge(id);
    if (result.ok) {
      this.#recordQuarantineEvent('file-purged', result.value, 'deleted from the quarantine');
    }
    return result;
  }

  /** Resolves when every file reported so far has been processed. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async dispose(): Promise<void> {
    await this.#destinationWatch.dispose();
    await this.#queue.dispose();
    this.#recordAgentEvent('agent-stopped', 'stopped');
    await this.#store.dispose();
    this.#onDidRecordEvent.dispose();
    this.#onDidNotify.dispose();
  }

  #record(event: ActivityEvent): void {
    this.#activityLog.append(event);
    this.#onDidRecordEvent.fire(event);
  }

  #recordAgentEvent(type: ActivityEventType, message: string): void {
    this.#record({
      eventId: randomUUID(),
      time: new Date().toISOString(),
      type,
      ...this.#identity,
      detection: null,
      risk: 'none',
      file: null,
      destination: null,
      action: null,
      outcome: 'none',
      quarantineId: null,
      message,
    });
  }

  #recordQuarantineEvent(
    type: 'file-restored' | 'file-purged',
    entry: QuarantineEntry,
    message: string,
  ): void {
    this.#record({
      eventId: randomUUID(),
      time: new Date().toISOString(),
      type,
      ...this.#identity,
      detection: null,
      risk: 'none',
      file: {
        path: entry.originalPath,
        name: basename(entry.originalPath),
        sizeBytes: entry.sizeBytes,
        format: null,
        category: 'not-backup',
        encrypted: null,
        sha256: entry.sha256,
      },
      destination: null,
      action: null,
      outcome: 'none',
      quarantineId: entry.id,
      message,
    });
  }

  #describePolicyOrigin(): string {
    const origin = this.#policy.origin;
    return origin.kind === 'file' ? origin.path : 'the embedded default';
  }
}
