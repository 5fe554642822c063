import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

import type { Disposable } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { Logger } from '../base/logger.ts';
import { embeddedPolicy } from './default-policy.ts';
import type { PolicyError, PolicyOrigin } from './load-policy.ts';
import { formatPolicyErrors, loadPolicyFile } from './load-policy.ts';
import type { Policy } from './policy-schema.ts';

/** A policy change the store refused, and why. The policy in force stays as it was. */
export interface PolicyRejection {
  origin: PolicyOrigin;
  errors: PolicyError[];
}

/** Options for a policy store. */
export interface PolicyStoreOptions {
  /** A policy file to use instead of the embedded default; it is watched for changes. */
  policyFile: string | null;
  logger: Logger;
  /** How long a burst of file changes must be quiet before the file is read again. */
  reloadDelayMs?: number;
}

/**
 * Holds the policy in force. With a policy file, it reloads the file when it changes; a file that
 * turns malformed is refused and reported, and the last good policy stays in force.
 */
export class PolicyStore implements Disposable {
  readonly #options: PolicyStoreOptions;
  readonly #logger: Logger;
  readonly #onDidChange = new Emitter<Policy>();
  readonly #onDidReject = new Emitter<PolicyRejection>();
  #policy: Policy = embeddedPolicy();
  #origin: PolicyOrigin = { kind: 'embedded' };
  #watcher: FSWatcher | null = null;
  #reloadTimer: NodeJS.Timeout | null = null;

  /** Fires with the new policy after a change was validated and applied. */
  readonly onDidChange = this.#onDidChange.event;
  /** Fires when a changed policy file was refused. */
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
   * Loads the policy file, if any, and starts watching it. Returns the errors when the file is
   * malformed at start: a policy file that cannot be used is a configuration error the caller
   * must report, not something to replace silently with the default.
   */
  async start(): Promise<PolicyError[]> {
    const file = this.#options.policyFile;
    if (file === null) {
      return [];
    }

    const result = await loadPolicyFile(file);
    if (!result.ok) {
      return result.errors;
    }
    this.#apply(result.policy, result.origin);
    this.#watch(file);
    return [];
  }

  /** Reads the policy file again now; used by the watcher and by tests. */
  async reload(): Promise<void> {
    const file = this.#options.policyFile;
    if (file === null) {
      return;
    }

    const result = await loadPolicyFile(file);
    if (!result.ok) {
      this.#logger.warn(`refused ${file}; the last good policy stays in force`, {
        errors: formatPolicyErrors(result.errors),
      });
      this.#onDidReject.fire({ origin: result.origin, errors: result.errors });
      return;
    }
    if (JSON.stringify(result.policy) === JSON.stringify(this.#policy)) {
      return;
    }
    this.#apply(result.policy, result.origin);
    this.#onDidChange.fire(result.policy);
  }

  dispose(): void {
    this.#watcher?.close();
    this.#watcher = null;
    if (this.#reloadTimer !== null) {
      clearTimeout(this.#reloadTimer);
    }
    this.#onDidChange.dispose();
    this.#onDidReject.dispose();
  }

  #apply(policy: Policy, origin: PolicyOrigin): void {
    this.#policy = policy;
    this.#origin = origin;
    this.#logger.info(`policy in force from ${origin.kind === 'file' ? origin.path : 'embedded'}`);
  }

  /** Editors and MDM agents replace files by rename, so watch the folder, not the file. */
  #watch(file: string): void {
    const name = basename(file);
    this.#watcher = watch(dirname(file), (_event, changed) => {
      if (changed === null || changed === name) {
        this.#scheduleReload();
      }
    });
    this.#watcher.on('error', (error) => {
      this.#logger.warn(`stopped watching ${file}`, error);
    });
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
}
