import { parseArgs } from 'node:util';

import { ActivityLog } from '../../engine/log/activity-log.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import { parseSince } from '../duration.ts';
import { formatEvent } from '../format-event.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const logUsage = 'copywarden log [--json] [--since 1h|1d|ISO] [--limit N] [--data-dir DIR]';

/** Prints the activity log, newest first. */
export function runLog(args: string[], output: Output): number {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      since: { type: 'string' },
      limit: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });

  // Check the arguments
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null) {
    throw new UsageError(
      `--since takes a duration such as 30m, 1h, 7d or an ISO date; got "${values.since ?? ''}"`,
    );
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new UsageError(`--limit takes a whole number of at least 1; got "${values.limit ?? ''}"`);
  }

  // Query and print
  const log = new ActivityLog(`${resolveDataDir(values['data-dir'])}/activity.sqlite`);
  try {
    const events = log.query({
      ...(since !== undefined && { since }),
      ...(limit !== undefined && { limit }),
    });
    for (const event of events) {
      output.out(values.json ? JSON.stringify(event) : formatEvent(event));
    }
  } finally {
    log.dispose();
  }
  return exitCode.ok;
}
