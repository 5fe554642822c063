import { describe, expect, it } from 'vitest';

import {
  assessProtection,
  type ProtectionFacts,
} from '../../src-main/app/services/protection-state.ts';
import type { ActivityEvent } from '../../src-shared/activity-event.ts';

const calm: ProtectionFacts = {
  startFailure: null,
  latestPolicyEvent: null,
  siem: { state: 'none', message: null, targets: [] },
  pendingPrompts: 0,
  engineProblems: [],
};

function policyEvent(type: ActivityEvent['type'], message: string): ActivityEvent {
  return {
    eventId: 'e',
    time: new Date().toISOString(),
    type,
    user: 'alice',
    group: null,
    machineId: 'm',
    detection: null,
    risk: 'none',
    file: null,
    destination: null,
    action: null,
    outcome: 'none',
    quarantineId: null,
    message,
  };
}

describe('assessProtection', () => {
  it('is protected when nothing is wrong and nothing waits', () => {
    expect(assessProtection(calm)).toEqual({ state: 'protected', problems: [] });
  });

  it('needs attention while a prompt waits', () => {
    expect(assessProtection({ ...calm, pendingPrompts: 2 })).toEqual({
      state: 'attention',
      problems: ['2 copies wait for your answer.'],
    });
  });

  it('is degraded, whatever waits, when the engine did not start or the newest policy was refused', () => {
    const refused = policyEvent('policy-rejected', 'refused the policy file: version: expected 1');

    const notStarted = assessProtection({
      ...calm,
      startFailure: 'policy file invalid',
      pendingPrompts: 1,
    });
    const rejected = assessProtection({ ...calm, latestPolicyEvent: refused });
    const reapplied = assessProtection({
      ...calm,
      latestPolicyEvent: policyEvent('policy-applied', 'ok'),
    });

    expect(notStarted.state).toBe('degraded');
    expect(notStarted.problems[0]).toContain('policy file invalid');
    expect(rejected).toMatchObject({
      state: 'degraded',
      problems: [expect.stringContaining('version: expected 1')],
    });
    expect(reapplied.state).toBe('protected');
  });

  it('is degraded while events do not reach the SIEM', () => {
    const failing = assessProtection({
      ...calm,
      siem: { state: 'failing', message: null, targets: [] },
    });

    expect(failing.state).toBe('degraded');
  });
  it('is degraded while a destination cannot be watched', () => {
    const problem = '/media/alice/STICK cannot be watched: the inotify watch limit was reached';

    const assessment = assessProtection({ ...calm, engineProblems: [problem] });

    expect(assessment).toEqual({ state: 'degraded', problems: [problem] });
  });
});
