import type { BackupCategory, Confidence } from '../classification.ts';
import type { FolderFacts } from './folder-facts.ts';

/** A folder recognised as one backup. */
export interface LayoutMatch {
  /** A stable format id, such as `restic-repository`. */
  format: string;
  category: Exclude<BackupCategory, 'not-backup'>;
  confidence: Confidence;
  reasons: string[];
}

/**
 * One layout. A probe of a folder on disk stats the anchors of every rule whose name gate the
 * folder passes, then the markers of the rules with an anchor present, then lists the folder
 * only when a rule asks for it: most folders cost one stat per anchor and nothing more.
 */
export interface LayoutRule {
  format: string;
  category: LayoutMatch['category'];
  confidence: Confidence;
  /** Only folders whose name passes may match; any folder when absent. */
  nameGate?: (name: string) => boolean;
  /** Paths of which at least one exists in every match, or none for rules told by names. */
  anchors: readonly string[];
  /** Further paths the rule asks about once an anchor exists. */
  markers: readonly string[];
  /** Whether, given the markers, the rule needs the folder's child names to decide. */
  needsListing?: (facts: FolderFacts) => boolean;
  /** The reasons when the folder matches; null when it does not. */
  match: (facts: FolderFacts) => string[] | null;
}
