import type { BackupCategory, Confidence } from './classification.ts';
import type { FileName } from './file-name.ts';
import type { SampleView } from './sample-view.ts';

/**
 * When a recognised format counts as a backup: always (a Veeam file), only when its name says so
 * (a zip, a SQLite database), or never (an office document, which is a zip too).
 */
export type BackupRule = 'always' | 'when-named' | 'never';

/** What one detector found in a sample. */
export interface Detection {
  /** A stable format id, such as `vhdx`. */
  format: string;
  /** The category when the file counts as a backup under `rule`. */
  category: Exclude<BackupCategory, 'not-backup'>;
  rule: BackupRule;
  confidence: Confidence;
  encrypted: boolean | null;
  reasons: string[];
  /** Further names that may say backup, such as the original name stored in a gzip header. */
  innerNames?: string[];
}

/** What a detector is given: the bytes and the name of one file. */
export interface SampleContext {
  view: SampleView;
  name: FileName;
}

/** Recognises one format, or one family of closely related formats; null when it does not match. */
export type Detector = (context: SampleContext) => Detection | null;

/** Formats an offset for a reason, such as `0x10000`. */
export function hexOffset(offset: number): string {
  return `0x${offset.toString(16)}`;
}

/** Builds a byte array from hex pairs, such as `'51 46 49 fb'`. */
export function hexBytes(hex: string): Uint8Array {
  const pairs = hex.split(' ').filter((pair) => pair.length > 0);
  return Uint8Array.from(pairs, (pair) => Number.parseInt(pair, 16));
}
