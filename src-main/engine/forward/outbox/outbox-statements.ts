import type { DatabaseSync } from 'node:sqlite';

/** The outbox's statements, prepared once per connection. */
export type OutboxStatements = ReturnType<typeof prepareOutboxStatements>;

export function prepareOutboxStatements(database: DatabaseSync) {
  return {
    // Events and their deliveries
    storeEvent: database.prepare(
      `INSERT INTO events (event_id, body) VALUES (?, ?)
       ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id RETURNING event_key`,
    ),
    insertDelivery: database.prepare(
      'INSERT OR IGNORE INTO deliveries (target, event_key, queued_at) VALUES (?, ?, ?)',
    ),
    dropOldest: database.prepare(
      `DELETE FROM deliveries WHERE sequence IN
         (SELECT sequence FROM deliveries WHERE target = ? ORDER BY sequence LIMIT ?)
       RETURNING event_key`,
    ),
    deleteDeliveries: database.prepare(
      `DELETE FROM deliveries WHERE target = ? AND sequence IN (SELECT value FROM json_each(?))
       RETURNING event_key`,
    ),
    deleteOrphanEvents: database.prepare(
      `DELETE FROM events WHERE event_key IN (SELECT value FROM json_each(?)) AND NOT EXISTS
         (SELECT 1 FROM deliveries WHERE deliveries.event_key = events.event_key)`,
    ),
    take: database.prepare(
      `SELECT d.sequence, e.body FROM deliveries d JOIN events e ON e.event_key = d.event_key
       WHERE d.target = ? AND d.sequence > ? ORDER BY d.sequence LIMIT ?`,
    ),
    countQueued: database.prepare('SELECT COUNT(*) AS count FROM deliveries WHERE target = ?'),

    // Per-target state
    resetConfigured: database.prepare('UPDATE targets SET configured = 0'),
    upsertTarget: database.prepare(
      `INSERT INTO targets (name, description, configured) VALUES (?, ?, 1)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description, configured = 1`,
    ),
    recordSuccess: database.prepare(
      `UPDATE targets SET delivered_total = delivered_total + ?, last_success_at = ?,
         consecutive_failures = 0, next_attempt_at = NULL WHERE name = ?`,
    ),
    recordFailure: database.prepare(
      `UPDATE targets SET last_error = ?, last_error_at = ?, next_attempt_at = ?,
         consecutive_failures = consecutive_failures + 1 WHERE name = ?`,
    ),
    // A heartbeat that got through shows the target works, even with nothing else to send
    recordHeartbeat: database.prepare(
      `UPDATE targets SET last_heartbeat_at = ?, consecutive_failures = 0, next_attempt_at = NULL
       WHERE name = ?`,
    ),
    addDrops: database.prepare(
      `UPDATE targets SET dropped_total = dropped_total + ?1,
         overflow_dropped = overflow_dropped + ?1, overflow_since = COALESCE(overflow_since, ?2)
       WHERE name = ?3`,
    ),
    readOverflow: database.prepare(
      'SELECT overflow_since, overflow_dropped FROM targets WHERE name = ?',
    ),
    clearOverflow: database.prepare(
      'UPDATE targets SET overflow_since = NULL, overflow_dropped = 0 WHERE name = ?',
    ),

    // Facts about the agent
    setFact: database.prepare(
      `INSERT INTO agent (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };
}
