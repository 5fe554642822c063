import type { EventRisk } from '../../src-shared/activity-event.ts';

/** A risk level as a small labelled badge (the word is there, not only the colour). */
export function RiskBadge({ risk }: { risk: EventRisk }) {
  return (
    <span className={`badge risk-${risk}`}>{risk === 'none' ? 'no risk' : `${risk} risk`}</span>
  );
}
