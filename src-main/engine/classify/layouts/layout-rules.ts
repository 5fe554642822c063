import type { FolderFacts } from './folder-facts.ts';
import { imageLayoutRules } from './image-layouts.ts';
import type { LayoutMatch, LayoutRule } from './layout-rule.ts';
import { repositoryLayoutRules } from './repository-layouts.ts';

export type { LayoutMatch, LayoutRule } from './layout-rule.ts';

/** Every backup folder layout, in the order they are tried: images first, then repositories. */
export const layoutRules: readonly LayoutRule[] = [...imageLayoutRules, ...repositoryLayoutRules];

/** The first layout the folder matches, or null. */
export function matchLayout(facts: FolderFacts): LayoutMatch | null {
  for (const rule of layoutRules) {
    const reasons = rule.match(facts);
    if (reasons !== null) {
      const { format, category, confidence } = rule;
      return { format, category, confidence, reasons };
    }
  }
  return null;
}
