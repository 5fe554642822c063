/** What kind of backup a file is, so that policy can treat kinds differently. */
export type BackupCategory =
  | 'system-image'
  | 'database-dump'
  | 'disk-image'
  | 'device-backup'
  | 'credential-store'
  | 'generic-archive'
  | 'not-backup';

export type Confidence = 'high' | 'medium' | 'low';

/** The classifier's verdict on one file. */
export interface Classification {
  path: string;
  sizeBytes: number;
  /** True when the file is a backup that policy should act on. */
  isBackup: boolean;
  /** A stable format id such as `vhdx`, `mtf`, `pgdump`, `zip`; null when nothing matched. */
  format: string | null;
  category: BackupCategory;
  /** How sure the verdict is; null when no format matched. */
  confidence: Confidence | null;
  /** Whether the header says the contents are encrypted; null when it cannot tell. */
  encrypted: boolean | null;
  /** Short phrases saying why, such as `"vhdxfile" at offset 0`. */
  reasons: string[];
  /** Set when the file is a copy of a file in a backup repository the policy names. */
  copyOf?: { originalPath: string; repository: string };
}

/** Why a file could not be classified. These are expected outcomes, not bugs. */
export type ClassifyFailureCode = 'not-found' | 'not-regular-file' | 'unreadable';

export type ClassifyResult =
  | { ok: true; classification: Classification }
  | { ok: false; path: string; code: ClassifyFailureCode; message: string };
