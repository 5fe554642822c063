import type { EventOutcome } from '../../src-shared/activity-event.ts';
import { outcomeLabels } from '../format.ts';

/** What happened to the file, as a badge; nothing for events that are not about a file. */
export function OutcomeBadge({ outcome }: { outcome: EventOutcome }) {
  if (outcome === 'none') {
    return null;
  }
  return <span className={`badge outcome-${outcome}`}>{outcomeLabels[outcome]}</span>;
}
