import type { PolicyError, PolicyOrigin } from '../load-policy.ts';

/** What reading a policy source found. */
export type SourceReading =
  /** Nothing is configured there: the next source in precedence applies. */
  | { kind: 'absent' }
  /** A document to validate against the policy schema. */
  | { kind: 'document'; document: unknown }
  /** Something is there but cannot be used (unreadable, malformed, unsafe permissions). */
  | { kind: 'error'; errors: PolicyError[] };

/** A place a policy can come from, in the order of precedence the store gives it. */
export interface PolicySource {
  readonly origin: PolicyOrigin;
  /** Reads the source now. Expected failures are readings, never throws. */
  read(): Promise<SourceReading>;
  /** Paths whose change means the source should be read again (empty when polling). */
  readonly watchedPaths: readonly string[];
}
