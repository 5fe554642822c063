import type { KeyProtector } from './actions/key-protector.ts';
import type { DeliveryStatus } from './forward/delivery-status.ts';
import type { Logger } from './base/logger.ts';
import type { Destination } from './destinations/destination.ts';
import { formatPolicyErrors, type PolicyError } from './policy/load-policy.ts';
import type { PolicySource } from './policy/sources/policy-source.ts';
import type { CreateWatchBackendOptions } from './watch/create-watch-backend.ts';

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
  /** Delivery to each SIEM target. */
  forwarding: DeliveryStatus[];
  /** What keeps the engine from protecting fully, one sentence each (a destination it cannot watch). */
  problems: string[];
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
