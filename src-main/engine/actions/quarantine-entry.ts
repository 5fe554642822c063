import type { WrappedKey } from './key-protector.ts';

/** What became of a file taken from a destination. */
export type QuarantineState =
  /** Taken while the user is asked for a justification; released or kept by the answer. */
  | 'held'
  /** Kept: blocked by policy, or the prompt was cancelled or timed out. */
  | 'blocked';

/** What the quarantine records beside each file it holds. File contents are never in here. */
export interface QuarantineEntry {
  /** Entry format version. */
  version: 1;
  id: string;
  state: QuarantineState;
  /** Where the file was when it was taken. */
  originalPath: string;
  sizeBytes: number;
  /** SHA-256 of the plaintext, checked again on restore. */
  sha256: string;
  /** The file's permission bits and modification time, restored with it. */
  mode: number;
  modifiedAtMs: number;
  /** ISO time the file was taken. */
  heldAt: string;
  /** The destination it was taken from, such as `volume:/media/alice/STICK`. */
  destinationId: string;
  reason: string;
  /** The entry's data key, sealed under the quarantine's master key, and its stream nonce. */
  encryption: { wrappedKey: WrappedKey; noncePrefix: string; chunkBytes: number };
}

/** Checks the shape of an entry read back from disk; null when it is not one. */
export function parseQuarantineEntry(value: unknown): QuarantineEntry | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const entry = value as Partial<QuarantineEntry>;
  const valid =
    entry.version === 1 &&
    typeof entry.id === 'string' &&
    (entry.state === 'held' || entry.state === 'blocked') &&
    typeof entry.originalPath === 'string' &&
    typeof entry.sizeBytes === 'number' &&
    typeof entry.sha256 === 'string' &&
    typeof entry.mode === 'number' &&
    typeof entry.modifiedAtMs === 'number' &&
    typeof entry.heldAt === 'string' &&
    typeof entry.destinationId === 'string' &&
    typeof entry.reason === 'string' &&
    typeof entry.encryption === 'object';
  return valid ? (entry as QuarantineEntry) : null;
}
