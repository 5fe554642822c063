import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

import type { Disposable } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { embeddedPolicy } from './default-policy.ts';
import type { PolicyError, PolicyOrigin } from './load-policy.ts';
import { formatPolicyErrors, validatePolicyDocument } from './load-policy.ts';
import type { Policy } from './policy-schema.ts';
import type { PolicySource } from './sources/policy-source.ts';

/** A policy the store refused, and why. The policy in force stays as it was. */
export interface PolicyRejection {
  origin: PolicyOrigin;
  errors: PolicyError[];
}

/** Options for a policy store. */
export interface PolicyStoreOptions {
  /** Where policy may come from, highest precedence first (managed, then the local file). */
  sources: readonly PolicySource[];
  logger: Logger;
  /** Where the last good managed policy is kept, so a restart keeps it in force; null for none. */
  lastGoodFile: string | null;
  /** How long a burst of file changes must be quiet before the sources are read again. */
  reloadDelayMs?: number;
  /** How often the sources are read again regardless (the registry cannot be watched). */
  pollIntervalMs?: number;
}

type Evaluation =
  | { kind: 'policy'; policy: Policy; origin: PolicyOrigin }
  | { kind: 'rejected'; rejection: PolicyRejection };

/**
 * Holds the policy in force: the first source in precedence that holds one (managed policy from
 * device management, then a local policy file), else the embedded default. It reads the sources
 * again when they change. A policy that turns malformed is refused and reported, and the last
 * good one stays in force, across restarts too for managed policy.
 */
export class PolicyStore implements Disposable {
  readonly #options: PolicyStoreOptions;
  readonly #logger: Logger;
  readonly #onDidChange = new Emitter<Policy>();
  readonly #onDidReject = new Emitter<PolicyRejection>();
  readonly #watchers: FSWatcher[] = [];
  #policy: Policy = embeddedPolicy();
  #origin: PolicyOrigin = { kind: 'embedded' };
  #reloadTimer: NodeJS.Timeout | null = null;
  #pollTimer: NodeJS.Timeout | null = null;

  /** Fires with the new policy after a change was validated and applied. */
  readonly onDidChange = this.#onDidChange.event;
  /** Fires when a changed policy was refused. */
  readonly onDidReject = this.#onDidReject.event;

  constructor(options: PolicyStoreOptions) {
    this.#options = options;
    this.#logger = options.logger.child('Policy');
  }

  get policy(): Policy {
    return this.#policy;
  }

  get origin(): PolicyOrigin {
    return this.#origin;
  }

  /**
   * Puts the first valid policy in force and starts watching the sources. Returns the rejection
   * when the source that should rule is malformed: for managed policy the last good one (or the
   * embedded default) is then in force; for a local file the caller should refuse to start.
   */
  async start(): Promise<PolicyRejection | null> {
    const evaluation = await this.#evaluate();
    this.#watch();

    if (evaluation.kind === 'policy') {
      await this.#apply(evaluation.policy, evaluation.origin);
      return null;
    }
    const lastGood = await this.#readLastGood();
    if (evaluation.rejection.origin.kind === 'managed' && lastGood !== null) {
      await this.#apply(lastGood.policy, lastGood.origin);
    }
    return evaluation.rejection;
  }

  /** Reads the sources again now; used by the watchers, the poll and tests. */
  async reload(): Promise<void> {
    const evaluation = await this.#evaluate();
    if (evaluation.kind === 'rejected') {
      const { origin, errors } = evaluation.rejection;
      this.#logger.warn(
        `refused the policy from ${describeOrigin(origin)}; the last good policy stays in force`,
        {
          errors: formatPolicyErrors(errors),
        },
      );
      this.#onDidReject.fire(evaluation.rejection);
      return;
    }
    if (
      JSON.stringify([evaluation.policy, evaluation.origin]) ===
      JSON.stringify([this.#policy, this.#origin])
    ) {
      return;
    }
    await this.#apply(evaluation.policy, evaluation.origin);
    this.#onDidChange.fire(evaluation.policy);
  }

  dispose(): void {
    for (const watcher of this.#watchers.splice(0)) {
      watcher.close();
    }
    for (const timer of [this.#reloadTimer, this.#pollTimer]) {
      if (timer !== null) {
        clearTimeout(timer);
      }
    }
    this.#onDidChange.dispose();
    this.#onDidReject.dispose();
  }

  /** The policy the sources give now, by precedence. */
  async #evaluate(): Promise<Evaluation> {
    for (const source of this.#options.sources) {
      const reading = await source.read();
      if (reading.kind === 'absent') {
        continue;
      }
      if (reading.kind === 'error') {
        return { kind: 'rejected', rejection: { origin: source.origin, errors: reading.errors } };
      }
      const validated = validatePolicyDocument(reading.document);
      return validated.ok
        ? { kind: 'policy', policy: validated.policy, origin: source.origin }
        : { kind: 'rejected', rejection: { origin: source.origin, errors: validated.errors } };
    }
    return { kind: 'policy', policy: embeddedPolicy(), origin: { kind: 'embedded' } };
  }

  async #apply(policy: Policy, origin: PolicyOrigin): Promise<void> {
    this.#policy = policy;
    this.#origin = origin;
    this.#logger.info(`policy in force from ${describeOrigin(origin)}`);
    if (origin.kind === 'managed') {
      await this.#writeLastGood(policy, origin);
    }
  }

  /** Editors and device management replace files by rename, so watch folders, not files. */
  #watch(): void {
    const folders = new Map<string, Set<string>>();
    for (const path of this.#options.sources.flatMap((source) => source.watchedPaths)) {
      const names = folders.get(dirname(path)) ?? new Set<string>();
      names.add(basename(path));
      folders.set(dirname(path), names);
    }
    for (const [folder, names] of folders) {
      try {
        const watcher = watch(folder, (_event, changed) => {
          if (changed === null || names.has(changed)) {
            this.#scheduleReload();
          }
        });
        watcher.on('error', () => undefined);
        this.#watchers.push(watcher);
      } catch {
        // A folder that does not exist yet is covered by the poll.
      }
    }
    this.#schedulePoll();
  }

  #schedulePoll(): void {
    this.#pollTimer = setTimeout(() => {
      void this.reload().finally(() => {
        this.#schedulePoll();
      });
    }, this.#options.pollIntervalMs ?? 30_000);
    this.#pollTimer.unref();
  }

  #scheduleReload(): void {
    if (this.#reloadTimer !== null) {
      clearTimeout(this.#reloadTimer);
    }
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = null;
      void this.reload();
    }, this.#options.reloadDelayMs ?? 150);
  }

  async #readLastGood(): Promise<{ policy: Policy; origin: PolicyOrigin } | null> {
    if (this.#options.lastGoodFile === null) {
      return null;
    }
    try {
      const saved = JSON.parse(await readFile(this.#options.lastGoodFile, 'utf8')) as {
        policy: unknown;
        origin: PolicyOrigin;
      };
      const validated = validatePolicyDocument(saved.policy);
      return validated.ok && saved.origin.kind === 'managed'
        ? { policy: validated.policy, origin: saved.origin }
        : null;
    } catch {
      return null;
    }
  }

  async #writeLastGood(policy: Policy, origin: PolicyOrigin): Promise<void> {
    const file = this.#options.lastGoodFile;
    if (file === null) {
      return;
    }
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(`${file}.tmp`, JSON.stringify({ policy, origin }), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    } catch (error) {
      this.#logger.warn(`could not keep the last good policy in ${file}`, error);
    }
  }
}

/** `the managed policy at /etc/copywarden/policy.json`, for messages. */
export function describeOrigin(origin: PolicyOrigin): string {
  switch (origin.kind) {
    case 'embedded':
      return 'the embedded default';
    case 'file':
      return origin.path;
    case 'managed':
      return `the managed policy at ${origin.location}`;
  }
}
