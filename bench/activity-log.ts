import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { ActivityEvent } from '../src-shared/activity-event.ts';
import { ActivityLog } from '../src-main/engine/log/activity-log.ts';
import { toRow } from '../src-main/engine/log/event-row.ts';
import { ActivityLogReader } from '../src-main/engine/log/log-file.ts';
import { migrateToVersion1 } from '../src-main/engine/log/migrations/0001-initial.ts';
import { migrateToVersion3 } from '../src-main/engine/log/migrations/0003-user-group.ts';
import { createTempDirectory } from '../test/support/temp.ts';
import { formatRatio } from './statistics.ts';
import { sampleEvent } from '../test/support/sample-events.ts';

/**
 * Events measured (fewer on a disk too slow for `appendBudgetMs`). Each durable commit waits for
 * the disk; the per-100,000 figures are extrapolated from the count measured (linear in rows).
 */
const eventCount = 20_000;
const per = 100_000;

/** Events per alternating append round. */
const roundEvents = 1_000;

/** On a slow disk, stop appending after this long (both stores together) and extrapolate. */
const appendBudgetMs = 40_000;

/** Figures for one way of storing the same events. */
interface StoreFigures {
  name: string;
  eventsPerSecond: number;
  bytesPer100k: number;
  readMsPer100k: number;
}

/**
 * The activity log's cost: durable appends per second, size per 100,000 events and `log verify`
 * time per 100,000 records, beside a baseline measured in the same run on the same events:
 * a plain INSERT per event into the version 1 table (no chain), same pragmas, and a plain
 * streaming read of every row for verify.
 */
export async function benchActivityLog(): Promise<void> {
  const work = await createTempDirectory('copywarden-bench-log-');
  try {
    const events = Array.from({ length: eventCount }, (_, index) => benchEvent(index));
    const plainPath = join(work.path, 'plain.sqlite');
    const chainedPath = join(work.path, 'data', 'activity.sqlite');
    const plain = openPlainStore(plainPath);
    const log = new ActivityLog(chainedPath, { identity: { user: 'bench', machineId: 'bench' } });

    // Append in alternating rounds, so that both stores meet the same disk weather
    let plainMs = 0;
    let chainedMs = 0;
    let appended = 0;
    while (appended < events.length && plainMs + chainedMs < appendBudgetMs) {
      const round = events.slice(appended, appended + roundEvents);
      appended += round.length;
      plainMs += timeMs(() => {
        for (const event of round) {
          plain.insert(event);
        }
      });
      chainedMs += timeMs(() => {
        for (const event of round) {
          log.append(event);
        }
      });
    }
    log.dispose();

    // Read back: a plain streaming read, and verify as `copywarden log verify` does it
    const readMs = plain.readAll();
    plain.close();
    const verifyMs = timeVerify(chainedPath);

    printFigures(
      appended,
      figures('plain INSERT / read', appended, plainMs, statSync(plainPath).size, readMs),
      figures('chained log / verify', appended, chainedMs, statSync(chainedPath).size, verifyMs),
    );
  } finally {
    await work.dispose();
  }
}

/**
 * The table without the chain (versions 1 and 3: the user group, no MACs) with the log's pragmas:
 * one autocommit INSERT per event.
 */
function openPlainStore(path: string): {
  insert(event: ActivityEvent): void;
  readAll(): number;
  close(): void;
} {
  const database = new DatabaseSync(path);
  database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  migrateToVersion1(database);
  migrateToVersion3(database);
  const columns = Object.keys(toRow(benchEvent(0)));
  const insert = database.prepare(
    `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map((name) => `:${name}`).join(', ')})`,
  );

  return {
    insert: (event) => {
      insert.run(toRow(event));
    },
    readAll: () => {
      const started = performance.now();
      let rows = 0;
      for (const row of database.prepare('SELECT * FROM events ORDER BY sequence').iterate()) {
        rows += row['sequence'] === null ? 0 : 1;
      }
      if (rows === 0) {
        throw new Error('The plain store read back nothing.');
      }
      return performance.now() - started;
    },
    close: () => {
      database.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      database.close();
    },
  };
}

function timeVerify(path: string): number {
  const opened = ActivityLogReader.open(path);
  if (!opened.ok) {
    throw new Error(opened.message);
  }
  try {
    const started = performance.now();
    const verified = opened.reader.verify();
    const verifyMs = performance.now() - started;
    if (!verified.ok || !verified.result.intact) {
      throw new Error(`The benchmark log did not verify: ${JSON.stringify(verified)}`);
    }
    return verifyMs;
  } finally {
    opened.reader.dispose();
  }
}

function timeMs(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function figures(
  name: string,
  rows: number,
  appendMs: number,
  bytes: number,
  readMs: number,
): StoreFigures {
  return {
    name,
    eventsPerSecond: (rows / appendMs) * 1000,
    bytesPer100k: (bytes / rows) * per,
    readMsPer100k: (readMs / rows) * per,
  };
}

function printFigures(eventsMeasured: number, baseline: StoreFigures, ours: StoreFigures): void {
  console.log(
    `\nActivity log: ${eventsMeasured} events, one durable commit each (WAL, synchronous FULL); ` +
      'size and read time extrapolated to 100,000',
  );
  console.log('  store                  appends/s   MiB per 100k   read ms per 100k');
  for (const row of [baseline, ours]) {
    console.log(
      `  ${row.name.padEnd(22)} ${row.eventsPerSecond.toFixed(0).padEnd(11)} ` +
        `${(row.bytesPer100k / 1024 / 1024).toFixed(1).padEnd(14)} ${row.readMsPer100k.toFixed(0)}`,
    );
  }
  console.log(
    `  chained vs plain: appends/s ${formatRatio(ours.eventsPerSecond, baseline.eventsPerSecond)}, ` +
      `size ${formatRatio(ours.bytesPer100k, baseline.bytesPer100k)}, ` +
      `verify vs plain read ${formatRatio(ours.readMsPer100k, baseline.readMsPer100k)}`,
  );
}

/** A typical file event: a VHDX quarantined from a stick, with paths of realistic length. */
function benchEvent(index: number): ActivityEvent {
  return sampleEvent({
    time: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    machineId: 'c0ffee'.repeat(10).slice(0, 64),
    file: {
      path: `/media/alice/STICK/exports/nightly/server-${index}.vhdx`,
      name: `server-${index}.vhdx`,
      sizeBytes: 40 * 1024 * 1024 * 1024,
    },
    quarantineId: randomUUID(),
    message: 'backup (vhdx, high confidence) written to removable volume STICK; quarantined',
  });
}
