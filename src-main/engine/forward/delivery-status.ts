import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { outboxSchemaVersion, readOutboxVersion } from './outbox/outbox-schema.ts';

/** The outbox's file name in the data directory. */
export const outboxFileName = 'outbox.sqlite';

/** The delivery state of one SIEM target, for `copywarden status` and the desktop host. */
export interface DeliveryStatus {
  /** The target's name in the policy. */
  target: string;
  /** Kind, address and format, such as `syslog+tls://siem:6514 (cef)`. */
  description: string;
  /** False for a target the policy no longer names; its queue waits for it to return. */
  configured: boolean;
  /** Events waiting for this target (including those sent but not yet confirmed). */
  queued: number;
  /** Events delivered since the outbox was created. */
  delivered: number;
  /** Events dropped by the overflow rule since the outbox was created. */
  dropped: number;
  /** Failed deliveries in a row; 0 after a success. */
  consecutiveFailures: number;
  /** ISO times; null when it never happened. */
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** When the next retry is due, while backing off. */
  nextAttemptAt: string | null;
  lastHeartbeatAt: string | null;
  /** Since when the outbox for this target has been dropping events; null when it is not. */
  overflowSince: string | null;
}

/** What `copywarden status` reads from the outbox. */
export interface OutboxSummary {
  /** Where the policy the agent last applied came from, as the agent described it. */
  policyOrigin: string | null;
  /** When the agent last applied forwarding settings. */
  settingsAppliedAt: string | null;
  targets: DeliveryStatus[];
}

interface TargetRow {
  name: string;
  description: string;
  configured: number;
  delivered_total: number;
  dropped_total: number;
  consecutive_failures: number;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  next_attempt_at: string | null;
  last_heartbeat_at: string | null;
  overflow_since: string | null;
  queued: number;
}

/** Reads every target's state from an open outbox. */
export function readDeliveryStatus(database: DatabaseSync): DeliveryStatus[] {
  const rows = database
    .prepare(
      `SELECT targets.*, (SELECT COUNT(*) FROM deliveries WHERE deliveries.target = targets.name)
         AS queued FROM targets ORDER BY configured DESC, name`,
    )
    .all() as unknown as TargetRow[];

  return rows.map((row) => ({
    target: row.name,
    description: row.description,
    configured: row.configured === 1,
    queued: row.queued,
    delivered: row.delivered_total,
    dropped: row.dropped_total,
    consecutiveFailures: row.consecutive_failures,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    nextAttemptAt: row.next_attempt_at,
    lastHeartbeatAt: row.last_heartbeat_at,
    overflowSince: row.overflow_since,
  }));
}

export type OutboxSummaryResult =
  { ok: true; summary: OutboxSummary | null } | { ok: false; reason: string };

/**
 * Reads the outbox of `dataDir` read-only, whether or not an agent is running; null when there
 * is none yet. A file that cannot be read is a result, not a throw.
 */
export function readOutboxSummary(dataDir: string): OutboxSummaryResult {
  const path = join(dataDir, outboxFileName);
  if (!existsSync(path)) {
    return { ok: true, summary: null };
  }

  let database: DatabaseSync | null = null;
  try {
    database = new DatabaseSync(path, { readOnly: true });
    database.exec('PRAGMA busy_timeout = 5000');
    const version = readOutboxVersion(database);
    if (version !== outboxSchemaVersion) {
      return {
        ok: false,
        reason: `${path} has schema version ${version}; expected ${outboxSchemaVersion}`,
      };
    }

    const meta = new Map(
      (
        database.prepare('SELECT key, value FROM agent').all() as { key: string; value: string }[]
      ).map((row) => [row.key, row.value]),
    );
    const targets = readDeliveryStatus(database);
    return {
      ok: true,
      summary: {
        policyOrigin: meta.get('policyOrigin') ?? null,
        settingsAppliedAt: meta.get('settingsAppliedAt') ?? null,
        targets,
      },
    };
  } catch (error) {
    return { ok: false, reason: `cannot read ${path}: ${(error as Error).message}` };
  } finally {
    database?.close();
  }
}
