import type { ActivityEvent } from '../../../src-shared/activity-event.ts';
import type { SiemView, StatusView } from '../../../src-shared/bridge.ts';
import type { Engine } from '../../engine/engine.ts';
import { readOutboxSummary } from '../../engine/forward/delivery-status.ts';
import { toDestinationView } from './describe-destination.ts';
import { assessProtection } from './protection-state.ts';

/** How many recent events the status view shows. */
const recentEventCount = 8;

/** What the status view is assembled from. */
export interface StatusSources {
  engine: Pick<Engine, 'status' | 'queryLog' | 'pendingPrompts'>;
  /** The engine's data directory, where the SIEM outbox lives. */
  dataDir: string;
  /** Why the engine could not start; null when it runs. */
  startFailure(): string | null;
}

/** Assembles the status view from the engine, its activity log and the SIEM outbox. */
export function buildStatusView(sources: StatusSources, now: Date = new Date()): StatusView {
  const { engine } = sources;
  const status = engine.status();
  const latestPolicyEvent = newestPolicyEvent(engine);
  const siem = readSiemView(sources.dataDir);
  const pendingPrompts = engine.pendingPrompts().length;

  const assessment = assessProtection({
    startFailure: sources.startFailure(),
    latestPolicyEvent,
    siem,
    pendingPrompts,
    engineProblems: status.problems,
  });
  return {
    protection: assessment.state,
    problems: assessment.problems,
    policy: {
      origin: status.policyOrigin,
      appliedAt: latestPolicyEvent?.time ?? null,
      group: status.group.name,
      monitoring: status.group.monitoring,
    },
    destinations: status.destinations.map(toDestinationView),
    watcher: status.watcher,
    pendingFiles: status.pendingFiles,
    pendingPrompts,
    recentEvents: engine.queryLog({ limit: recentEventCount }),
    siem,
    checkedAt: now.toISOString(),
  };
}

/** The newest event that applied or refused a policy. */
function newestPolicyEvent(engine: StatusSources['engine']): ActivityEvent | null {
  const candidates = (['policy-applied', 'policy-rejected', 'agent-started'] as const).flatMap(
    (type) => engine.queryLog({ type, limit: 1 }),
  );
  candidates.sort((left, right) => right.time.localeCompare(left.time));
  return candidates[0] ?? null;
}

/** The delivery state of the SIEM targets the policy names. */
export function readSiemView(dataDir: string): SiemView {
  const read = readOutboxSummary(dataDir);
  if (!read.ok) {
    return { state: 'unreadable', message: read.reason, targets: [] };
  }

  const configured = (read.summary?.targets ?? []).filter((target) => target.configured);
  const targets = configured.map((target) => ({
    name: target.target,
    description: target.description,
    queued: target.queued,
    delivered: target.delivered,
    dropped: target.dropped,
    consecutiveFailures: target.consecutiveFailures,
    lastSuccessAt: target.lastSuccessAt,
    lastError: target.lastError,
    overflowSince: target.overflowSince,
  }));
  if (targets.length === 0) {
    return { state: 'none', message: null, targets };
  }
  const failing = targets.some(
    (target) => target.consecutiveFailures > 0 || target.overflowSince !== null,
  );
  return { state: failing ? 'failing' : 'delivering', message: null, targets };
}
