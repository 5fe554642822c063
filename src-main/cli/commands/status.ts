import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { heartbeatIntervalMs } from '../../engine/agent-heartbeat.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import { readBoundedText } from '../../engine/destinations/bounded-read.ts';
import type { DeliveryStatus } from '../../engine/forward/delivery-status.ts';
import { readOutboxSummary } from '../../engine/forward/delivery-status.ts';
import type { Output } from '../output.ts';
import { exitCode } from '../output.ts';

/**
 * `--json`: one JSON document instead of text. `--data-dir DIR`: the agent's data directory.
 * Exit 0 when every SIEM target delivers, 1 when one is failing or dropping events, 2 when the
 * data directory cannot be read.
 */
export const statusUsage = 'copywarden status [--json] [--data-dir DIR]';

/** What `copywarden status --json` prints. */
export interface StatusReport {
  dataDir: string;
  agent: {
    /** When the agent last noted it was alive (ISO), or null if it never ran here. */
    lastAliveAt: string | null;
    /**
     * Whether that note is recent enough (two heartbeat intervals) for the agent to be running.
     * Inferred: an agent stopped cleanly within that time still reads as running.
     */
    running: boolean;
  };
  /** The policy the agent last applied, as it described its origin. */
  policyOrigin: string | null;
  policyAppliedAt: string | null;
  /** Delivery state per SIEM target; empty when forwarding was never configured. */
  targets: DeliveryStatus[];
}

/** Prints whether the agent runs, its policy, and the delivery state of each SIEM target. */
export async function runStatus(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
  });
  const dataDir = resolveDataDir(values['data-dir']);

  // Read what the agent left in the data directory; no agent needs to run
  const summary = readOutboxSummary(dataDir);
  if (!summary.ok) {
    output.error(`copywarden status: ${summary.reason}`);
    return exitCode.usage;
  }
  const lastAliveMs = await readLastAlive(dataDir);
  const report: StatusReport = {
    dataDir,
    agent: {
      lastAliveAt: lastAliveMs === null ? null : new Date(lastAliveMs).toISOString(),
      running: lastAliveMs !== null && Date.now() - lastAliveMs < 2 * heartbeatIntervalMs,
    },
    policyOrigin: summary.summary?.policyOrigin ?? null,
    policyAppliedAt: summary.summary?.settingsAppliedAt ?? null,
    targets: summary.summary?.targets ?? [],
  };

  // Print
  output.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report, Date.now()));
  const troubled = report.targets.some(
    (target) =>
      target.configured && (target.consecutiveFailures > 0 || target.overflowSince !== null),
  );
  return troubled ? exitCode.failure : exitCode.ok;
}

/** The agent's last heartbeat note (epoch ms), or null. */
async function readLastAlive(dataDir: string): Promise<number | null> {
  const result = await readBoundedText(join(dataDir, 'heartbeat.json'), 4096);
  if (!result.ok) {
    return null;
  }
  try {
    const { aliveAt } = JSON.parse(result.text) as { aliveAt?: unknown };
    return typeof aliveAt === 'number' && Number.isFinite(aliveAt) ? aliveAt : null;
  } catch {
    return null;
  }
}

function formatReport(report: StatusReport, nowMs: number): string {
  const lines: string[] = [];

  // Agent and policy
  const alive = report.agent.lastAliveAt;
  lines.push(
    alive === null
      ? 'Agent: has not run with this data directory'
      : report.agent.running
        ? `Agent: alive ${when(alive, nowMs)}`
        : `Agent: not running; last alive ${when(alive, nowMs)}`,
  );
  if (report.policyOrigin !== null) {
    lines.push(`Policy: ${report.policyOrigin}, applied ${when(report.policyAppliedAt, nowMs)}`);
  }

  // Targets
  const configured = report.targets.filter((target) => target.configured);
  if (configured.length === 0) {
    lines.push('SIEM forwarding: none configured; events stay in the local activity log');
  }
  for (const target of report.targets) {
    lines.push(...formatTarget(target, nowMs));
  }
  return lines.join('\n');
}

function formatTarget(target: DeliveryStatus, nowMs: number): string[] {
  const lines = [
    `SIEM target ${target.target}: ${target.description}${target.configured ? '' : ' (no longer in the policy)'}`,
    `  queued ${target.queued}, delivered ${target.delivered}, dropped ${target.dropped}`,
    `  last delivery ${when(target.lastSuccessAt, nowMs)}; last heartbeat ${when(target.lastHeartbeatAt, nowMs)}`,
  ];
  if (target.consecutiveFailures > 0) {
    lines.push(
      `  failing, ${target.consecutiveFailures} in a row; last error ${when(target.lastErrorAt, nowMs)}: ${target.lastError ?? ''}`,
      `  next attempt ${when(target.nextAttemptAt, nowMs)}`,
    );
  }
  if (target.overflowSince !== null) {
    lines.push(
      `  outbox full since ${when(target.overflowSince, nowMs)}; events are being dropped`,
    );
  }
  return lines;
}

/** `2026-12-03T10:00:00.000Z (5 s ago)`, `never` for null. */
function when(iso: string | null, nowMs: number): string {
  if (iso === null) {
    return 'never';
  }
  const seconds = Math.round((nowMs - Date.parse(iso)) / 1000);
  const distance = Math.abs(seconds);
  const amount =
    distance < 120
      ? `${distance} s`
      : distance < 7200
        ? `${Math.round(distance / 60)} min`
        : `${Math.round(distance / 3600)} h`;
  return `${iso} (${seconds >= 0 ? `${amount} ago` : `in ${amount}`})`;
}
