import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import {
  FileKeyProtector,
  loadOrCreateMasterKey,
  type KeyProtector,
} from './actions/key-protector.ts';
import type { PendingPrompt, PromptAnswer, PromptResolution } from './actions/prompt.ts';
import { OwnWrites } from './actions/own-writes.ts';
import { PromptBroker } from './actions/prompt-broker.ts';
import { Quarantine, type QuarantineEntry, type QuarantineResult } from './actions/quarantine.ts';
import { AgentHeartbeat } from './agent-heartbeat.ts';
import type { Disposable } from './base/disposable.ts';
import { DisposableStore, toDisposable } from './base/disposable.ts';
import { Emitter } from './base/emitter.ts';
import type { Logger } from './base/logger.ts';
import { WorkQueue } from './base/work-queue.ts';
import { classifyFile } from './classify/classify-file.ts';
import type { Destination } from './destinations/destination.ts';
import { DestinationWatch } from './destination-watch.ts';
import { agentEvent, promptResolutionEvents, quarantineEvent } from './event-builders.ts';
import { FilePipeline } from './file-pipeline.ts';
import { readIdentity, type Identity } from './identity.ts';
import type { ActivityQuery } from './log/activity-log.ts';
import { ActivityLog } from './log/activity-log.ts';
import { formatPolicyErrors, type PolicyError } from './policy/load-policy.ts';
import { BulkCopyTracker } from './policy/bulk-copy-tracker.ts';
import { embeddedPolicy } from './policy/default-policy.ts';
import type { PolicyGroup } from './policy/group-schema.ts';
import { effectivePolicy, resolveGroup } from './policy/groups.ts';
import type { Policy } from './policy/policy-schema.ts';
import { readOsGroups } from './os-groups.ts';
import { describeOrigin, PolicyStore } from './policy/policy-store.ts';
import type { PolicySource } from './policy/sources/policy-source.ts';
import { createPolicySources } from './policy/sources/create-policy-sources.ts';
import type { CreateWatchBackendOptions } from './watch/create-watch-backend.ts';

/** How often the quarantine's age and size limits are applied. */
const quarantineLimitsIntervalMs = 6 * 60 * 60 * 1000;

/** How to build an engine. */
export interface EngineOptions {
  /** Where the activity log and the quarantine live. */
  dataDir: string;
  /** A local policy file; null for none. Managed policy, where present, wins over it. */
  policyFile: string | null;
  /** Where policy comes from, highest precedence first; by default this platform's sources. */
  policySources?: PolicySource[];
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
  /** The user's group under the policy in force. */
  group: { id: string; name: string; monitoring: boolean };
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
  readonly #logger: Logger;
  readonly #store = new DisposableStore();
  readonly #onDidRecordEvent = new Emitter<ActivityEvent>();
  readonly #onDidNotify = new Emitter<string>();
  readonly #identity: Identity = readIdentity();
  readonly #activityLog: ActivityLog;
  readonly #policy: PolicyStore;
  #osGroups: string[] = [];
  /** The user's group and the policy as it applies to it. */
  #membership: { group: PolicyGroup; policy: Policy };
  readonly #quarantine: Quarantine;
  readonly #queue: WorkQueue;
  readonly #destinationWatch: DestinationWatch;
  readonly #heartbeat: AgentHeartbeat;
  readonly #prompts: PromptBroker;

  /** Fires after each event was written to the activity log. */
  readonly onDidRecordEvent = this.#onDidRecordEvent.event;
  /** Fires with a message for the user (the desktop host shows a notification). */
  readonly onDidNotify = this.#onDidNotify.event;
  /** Fires with every pending prompt whenever one opens, grows or ends. */
  readonly onDidChangePrompts: PromptBroker['onDidChange'];

  constructor(options: EngineOptions) {
    this.#logger = options.logger.child('Engine');
    // The data directory names users' files: keep it private to the agent's account.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

    // The activity log, the policy and the quarantine
    this.#activityLog = this.#store.add(new ActivityLog(join(options.dataDir, 'activity.sqlite')));
    const policySources =
      options.policySources ??
      createPolicySources({
        platform: process.platform,
        user: this.#identity.user,
        policyFile: options.policyFile,
      });
    const initialPolicy = embeddedPolicy();
    const initialGroup = resolveGroup(initialPolicy, this.#identity.user, []);
    this.#membership = {
      group: initialGroup,
      policy: effectivePolicy(initialPolicy, initialGroup),
    };
    this.#policy = this.#store.add(
      new PolicyStore({
        sources: policySources,
        logger: options.logger,
        lastGoodFile: join(options.dataDir, 'last-good-policy.json'),
      }),
    );
    const keyProtector =
      options.keyProtector ?? new FileKeyProtector(join(options.dataDir, 'keys', 'quarantine.key'));
    const ownWrites = new OwnWrites();
    this.#quarantine = new Quarantine(
      join(options.dataDir, 'quarantine'),
      loadOrCreateMasterKey(keyProtector),
      options.logger,
      (write) => {
        ownWrites.add(write);
      },
    );
    this.#heartbeat = this.#store.add(new AgentHeartbeat(options.dataDir, options.logger));
    this.#prompts = this.#store.add(
      new PromptBroker({
        quarantine: this.#quarantine,
        settings: () => this.#membership.policy.prompt,
        logger: options.logger,
      }),
    );
    this.onDidChangePrompts = this.#prompts.onDidChange;
    this.#prompts.onDidResolve((resolution) => {
      this.#recordPromptResolution(resolution);
    });

    // The file pipeline, fed by the destination watch through a bounded queue
    const pipeline = new FilePipeline({
      classify: (path) => classifyFile(path),
      policy: () => this.#membership.policy,
      monitoring: () => this.#membership.group.monitoring,
      ownWrites,
      actions: {
        quarantine: this.#quarantine,
        prompts: this.#prompts,
        quarantineSettings: () => this.#membership.policy.quarantine,
        ownWrites,
        notify: (message) => {
          this.#onDidNotify.fire(message);
        },
      },
      identity: this.#identity,
      bulkCopies: new BulkCopyTracker(() => this.#membership.policy.detections.bulkBackupCopy),
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
    const rejection = await this.#policy.start();
    this.#osGroups = await readOsGroups(this.#identity.user);
    this.#applyMembership();
    if (rejection?.origin.kind === 'file') {
      throw new PolicyFileError(rejection.origin.path, rejection.errors);
    }
    this.#store.add(
      this.#policy.onDidChange(() => {
        this.#applyMembership();
        const message = `policy changed; now in force from ${this.#describePolicyOrigin()}`;
        this.#record(agentEvent('policy-applied', this.#identity, message));
        void this.#destinationWatch.applyPolicy(this.#membership.policy);
      }),
    );
    this.#store.add(
      this.#policy.onDidReject((rejection) => {
        const errors = formatPolicyErrors(rejection.errors);
        const message = `refused a policy change: ${errors}; the last good policy stays in force`;
        this.#record(agentEvent('policy-rejected', this.#identity, message));
      }),
    );

    // Quarantine, within its limits, and the prompts a previous run left unanswered
    await this.#quarantine.recover();
    await this.#applyQuarantineLimits();
    const limitsTimer = setInterval(
      () => void this.#applyQuarantineLimits(),
      quarantineLimitsIntervalMs,
    );
    limitsTimer.unref();
    this.#store.add(
      toDisposable(() => {
        clearInterval(limitsTimer);
      }),
    );
    this.#prompts.reopen(await this.#quarantine.list());

    // Destinations, catching up on files that landed while the agent was down
    const catchUpSinceMs = this.#heartbeat.catchUpSince();
    this.#heartbeat.start();
    await this.#destinationWatch.start(this.#membership.policy, catchUpSinceMs ?? undefined);
    if (rejection !== null) {
      const errors = formatPolicyErrors(rejection.errors);
      const message = `refused ${describeOrigin(rejection.origin)}: ${errors}; using ${this.#describePolicyOrigin()}`;
      this.#record(agentEvent('policy-rejected', this.#identity, message));
    }
    const message = `protecting with the policy from ${this.#describePolicyOrigin()}`;
    this.#record(agentEvent('agent-started', this.#identity, message));
  }

  status(): EngineStatus {
    return {
      policyOrigin: this.#describePolicyOrigin(),
      group: {
        id: this.#membership.group.id,
        name: this.#membership.group.name,
        monitoring: this.#membership.group.monitoring,
      },
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
      const message = `restored to ${result.value}`;
      this.#record(quarantineEvent('file-restored', entry, this.#identity, message));
    }
    return result;
  }

  /** Deletes a quarantined file for good and records it. */
  async purgeFromQuarantine(id: string): Promise<QuarantineResult<QuarantineEntry>> {
    const result = await this.#quarantine.purge(id);
    if (result.ok) {
      const message = 'deleted from the quarantine';
      this.#record(quarantineEvent('file-purged', result.value, this.#identity, message));
    }
    return result;
  }

  /** The prompts waiting for the user, oldest first. */
  pendingPrompts(): PendingPrompt[] {
    return this.#prompts.pending();
  }

  /**
   * Answers a prompt: a justification puts its files back exactly as they were, a cancel keeps
   * them quarantined. Refusals (unknown prompt, a reason it did not offer) are values.
   */
  answerPrompt(id: string, answer: PromptAnswer): Promise<QuarantineResult<PromptResolution>> {
    return this.#prompts.answer(id, answer);
  }

  /** Resolves when every file reported so far has been processed. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async dispose(): Promise<void> {
    await this.#destinationWatch.dispose();
    await this.#queue.dispose();
    this.#record(agentEvent('agent-stopped', this.#identity, 'stopped'));
    await this.#store.dispose();
    this.#onDidRecordEvent.dispose();
    this.#onDidNotify.dispose();
  }

  #record(event: ActivityEvent): void {
    this.#activityLog.append(event);
    this.#onDidRecordEvent.fire(event);
  }

  #recordPromptResolution(resolution: PromptResolution): void {
    for (const event of promptResolutionEvents(resolution, this.#identity)) {
      this.#record(event);
    }
  }

  async #applyQuarantineLimits(): Promise<void> {
    const purged = await this.#quarantine.applyLimits(this.#membership.policy.quarantine);
    for (const entry of purged) {
      const message = "deleted by the quarantine's retention limits";
      this.#record(quarantineEvent('file-purged', entry, this.#identity, message));
    }
  }

  /** Works out the user's group and the policy as it applies to that group. */
  #applyMembership(): void {
    const policy = this.#policy.policy;
    const group = resolveGroup(policy, this.#identity.user, this.#osGroups);
    this.#membership = { group, policy: effectivePolicy(policy, group) };
    this.#logger.info(
      `${this.#identity.user} belongs to ${group.name}${group.monitoring ? '' : ' (not monitored)'}`,
    );
  }

  #describePolicyOrigin(): string {
    return describeOrigin(this.#policy.origin);
  }
}
