import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { ProtectionState, SiemView } from '../../../src-shared/bridge.ts';

/** What the protection state is worked out from. */
export interface ProtectionFacts {
  /** Why the engine could not start (an invalid policy file, ...); null when it runs. */
  startFailure: string | null;
  /** The newest `policy-applied`, `policy-rejected` or `agent-started` event; null if none. */
  latestPolicyEvent: ActivityEvent | null;
  siem: SiemView;
  pendingPrompts: number;
  /** What the engine reports keeps it from protecting fully (a destination it cannot watch). */
  engineProblems: readonly string[];
}

/** The state for the tray and the status view, with the reasons behind it. */
export interface ProtectionAssessment {
  state: ProtectionState;
  problems: string[];
}

/**
 * Degraded when something keeps Copywarden from protecting or from reporting (the engine did
 * not start, a destination cannot be watched, the newest policy was refused, events do not reach
 * the SIEM); attention when a
 * prompt waits for the user; protected otherwise.
 */
export function assessProtection(facts: ProtectionFacts): ProtectionAssessment {
  const problems: string[] = [];

  // The engine and its policy
  if (facts.startFailure !== null) {
    problems.push(`Copywarden is not protecting this computer: ${facts.startFailure}`);
  }
  problems.push(...facts.engineProblems);
  if (facts.latestPolicyEvent?.type === 'policy-rejected') {
    problems.push(`The newest policy was refused: ${facts.latestPolicyEvent.message}`);
  }

  // Reporting
  if (facts.siem.state === 'failing') {
    problems.push('Events are not reaching the security team (SIEM delivery is failing).');
  }
  if (facts.siem.state === 'unreadable') {
    problems.push(`The SIEM delivery state cannot be read: ${facts.siem.message ?? 'unknown'}`);
  }
  if (problems.length > 0) {
    return { state: 'degraded', problems };
  }

  // The user's turn
  if (facts.pendingPrompts > 0) {
    const count = facts.pendingPrompts;
    return {
      state: 'attention',
      problems: [
        count === 1 ? 'A copy waits for your answer.' : `${count} copies wait for your answer.`,
      ],
    };
  }
  return { state: 'protected', problems };
}
