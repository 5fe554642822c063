import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { ActivityEvent } from '../../src-shared/activity-event.ts';
import { FileKeyProtector, loadOrCreateMasterKey } from './actions/key-protector.ts';
import type { PendingPrompt, PromptAnswer, PromptResolution } from './actions/prompt.ts';
import { OwnWrites } from './actions/own-writes.ts';
import { PromptBroker } from './actions/prompt-broker.ts';
import { QuarantineRetention } from './actions/quarantine-retention.ts';
import { Quarantine, type QuarantineEntry, type QuarantineResult } from './actions/quarantine.ts';
import { AgentHeartbeat } from './agent-heartbeat.ts';
import type { Disposable } from './base/disposable.ts';
import { DisposableStore } from './base/disposable.ts';
import { Emitter } from './base/emitter.ts';
import type { Logger } from './base/logger.ts';
import { WorkQueue } from './base/work-queue.ts';
import { classifyFile } from './classify/classify-file.ts';
import { DestinationWatch } from './destination-watch.ts';
import { agentEvent, promptResolutionEvents, quarantineEvent } from './event-builders.ts';
import { FileRouter } from './file-router.ts';
import { asRepositoryCopy } from './fingerprint/repository-copy.ts';
import { Inventory } from './fingerprint/inventory.ts';
import type { ClassifyResult } from './classify/classification.ts';
import { readIdentity, type Identity } from './identity.ts';
import type { ActivityQuery } from './log/activity-log.ts';
import { ActivityLog, type ChainAnchor } from './log/activity-log.ts';
import { LogRetention } from './log/log-retention.ts';
import { Forwarder } from './forward/forwarder.ts';
import { noForwarding } from './forward/forwarding-settings.ts';
import { PolicyFileError, type EngineOptions, type EngineStatus } from './engine-options.ts';
import { formatPolicyErrors } from './policy/load-policy.ts';
import { BulkCopyTracker } from './policy/bulk-copy-tracker.ts';
import { Membership } from './policy/membership.ts';
import { readOsGroups } from './os-groups.ts';
import { describeOrigin, PolicyStore } from './policy/policy-store.ts';
import { createPolicySources } from './policy/sources/create-policy-sources.ts';

export { PolicyFileError, type EngineOptions, type EngineStatus } from './engine-options.ts';

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
  readonly #logRetention: LogRetention;
  readonly #forwarder: Forwarder;
  readonly #inventory: Inventory;
  readonly #policy: PolicyStore;
  /** The user's group and the policy as it applies to it. */
  readonly #membership: Membership;
  readonly #quarantine: Quarantine;
  readonly #queue: WorkQueue;
  readonly #finishing: WorkQueue;
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
    this.#activityLog = this.#store.add(
      new ActivityLog(join(options.dataDir, 'activity.sqlite'), { identity: this.#identity }),
    );
    // Disposed after everything that records, before the log
    this.#forwarder = this.#store.add(
      new Forwarder({
        dataDir: options.dataDir,
        settings: noForwarding(),
        logger: options.logger,
        identity: this.#identity,
        record: (event) => {
          this.#record(event);
        },
        chainAnchor: () => this.#activityLog.chainAnchor(),
      }),
    );
    const policySources =
      options.policySources ??
      createPolicySources({
        platform: process.platform,
        user: this.#identity.user,
        policyFile: options.policyFile,
      });
    this.#membership = new Membership(this.#identity.user);
    this.#logRetention = this.#store.add(
      new LogRetention({
        log: this.#activityLog,
        settings: () => this.#membership.policy.activityLog,
        logger: options.logger,
      }),
    );
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
    this.#inventory = this.#store.add(
      new Inventory({ dataDir: options.dataDir, repositories: [], logger: options.logger }),
    );
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

    // The file pipeline, fed by the destination watch through bounded queues: one to classify
    // and act, one for the slow sealing into the quarantine
    this.#finishing = this.#store.add(
      new WorkQueue(2, (error) => {
        this.#logger.error('a file could not be quarantined', error);
      }),
    );
    const router = new FileRouter({
      classify: (path) => this.#classify(path),
      policy: () => this.#membership.policy,
      monitoring: () => this.#membership.group.monitoring,
      handlesBackups: () => this.#membership.group.handlesBackups,
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
      finishing: this.#finishing,
      bulkCopies: new BulkCopyTracker(() => this.#membership.policy.detections.bulkBackupCopy),
      record: (event) => {
        this.#record(event);
      },
      logger: options.logger,
    });
    this.#store.add(router);
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
          this.#queue.push(() => router.route(path, destination));
        },
      }),
    );
  }

  /** Loads the policy, recovers the quarantine, and arms every destination. */
  async start(): Promise<void> {
    // Policy
    const rejection = await this.#policy.start();
    this.#membership.setOsGroups(await readOsGroups(this.#identity.user));
    this.#applyPolicy();
    if (rejection?.origin.kind === 'file') {
      throw new PolicyFileError(rejection.origin.path, rejection.errors);
    }

    // The repositories' inventory, in the background
    this.#inventory.setRepositories(this.#policy.policy.repositories);
    this.#inventory.start();

    // Forwarding to the SIEM, before the first event
    await this.#forwarder.applySettings(
      this.#policy.policy.forwarding,
      this.#describePolicyOrigin(),
    );
    this.#forwarder.start();
    this.#store.add(
      this.#policy.onDidChange(() => {
        this.#applyPolicy();
        this.#inventory.setRepositories(this.#policy.policy.repositories);
        void this.#forwarder.applySettings(
          this.#policy.policy.forwarding,
          this.#describePolicyOrigin(),
        );
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

    // The activity log: what it recorded about itself at open, its checkpoints, its retention
    // (the SIEM keeps the checkpoints, so that even a key holder cannot rewrite history unseen)
    for (const event of this.#activityLog.recordedAtOpen) {
      this.#forwarder.enqueue(event);
      this.#onDidRecordEvent.fire(event);
    }
    this.#store.add(
      this.#activityLog.onDidWriteCheckpoint((event) => {
        this.#forwarder.enqueue(event);
        this.#onDidRecordEvent.fire(event);
      }),
    );
    this.#logRetention.start();

    // Quarantine, within its limits, and the prompts a previous run left unanswered
    await this.#quarantine.recover();
    const retention = this.#store.add(
      new QuarantineRetention(
        this.#quarantine,
        () => this.#membership.policy.quarantine,
        (entry) => {
          const message = "deleted by the quarantine's retention limits";
          this.#record(quarantineEvent('file-purged', entry, this.#identity, message));
        },
      ),
    );
    await retention.start();
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
      pendingFiles: this.#queue.size + this.#finishing.size,
      forwarding: this.#forwarder.status(),
      problems: this.#destinationWatch.problems(),
    };
  }

  /** Events from the activity log, newest first. */
  queryLog(query: ActivityQuery = {}): ActivityEvent[] {
    return this.#activityLog.query(query);
  }

  /** The activity log's chain head, for checkpoints sent to the SIEM. */
  chainAnchor(): ChainAnchor | null {
    return this.#activityLog.chainAnchor();
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
  async idle(): Promise<void> {
    while (this.#queue.size > 0 || this.#finishing.size > 0) {
      await this.#queue.idle();
      await this.#finishing.idle();
    }
  }

  async dispose(): Promise<void> {
    await this.#destinationWatch.dispose();
    await this.#queue.dispose();
    // Files already taken off their destination are sealed before stopping, not dropped
    await this.#finishing.idle();
    await this.#finishing.dispose();
    this.#record(agentEvent('agent-stopped', this.#identity, 'stopped'));
    await this.#store.dispose();
    this.#onDidRecordEvent.dispose();
    this.#onDidNotify.dispose();
  }

  /** Writes an event to the activity log, stamped with the user's group, and tells listeners. */
  #record(event: ActivityEvent): void {
    const stamped = { ...event, group: event.group ?? this.#membership.group.id };
    this.#activityLog.append(stamped);
    this.#forwarder.enqueue(stamped);
    this.#onDidRecordEvent.fire(stamped);
  }

  #recordPromptResolution(resolution: PromptResolution): void {
    for (const event of promptResolutionEvents(resolution, this.#identity)) {
      this.#record(event);
    }
  }

  /**
   * Classifies a file by its contents, and marks it a copy of a repository file when its
   * sampled fingerprint matches one, whatever its name or format.
   */
  async #classify(path: string): Promise<ClassifyResult> {
    const result = await classifyFile(path);
    if (!result.ok) {
      return result;
    }
    const copy = await this.#inventory.lookup(path);
    if (!copy.ok || copy.matches.length === 0) {
      return result;
    }
    return { ok: true, classification: asRepositoryCopy(result.classification, copy.matches) };
  }

  /** Applies the policy in force to the user's group. */
  #applyPolicy(): void {
    this.#membership.update(this.#policy.policy);
    this.#logger.info(this.#membership.describe());
  }

  #describePolicyOrigin(): string {
    return describeOrigin(this.#policy.origin);
  }
}
