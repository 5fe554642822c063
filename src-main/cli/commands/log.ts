import { parseArgs } from 'node:util';

import { resolveDataDir } from '../../engine/data-dir.ts';
import { exportedObject } from '../../engine/log/event-export.ts';
import { activityLogPath, ActivityLogReader } from '../../engine/log/log-file.ts';
import { formatEvent } from '../format-event.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';
import { logExportUsage, runLogExport } from './log-export.ts';
import { logFilterOptions, logFilterUsage, parseLogFilters } from './log-filters.ts';
import { logVerifyUsage, runLogVerify } from './log-verify.ts';

export const logUsage =
  `copywarden log [--json] ${logFilterUsage}\n` + `  ${logVerifyUsage}\n` + `  ${logExportUsage}`;

/**
 * `log`: the activity log newest first, filtered and paged; `log verify`: checks the chain;
 * `log export`: writes matching events as CSV or JSON Lines.
 */
export function runLog(args: string[], output: Output): number {
  const [subcommand, ...rest] = args;
  if (subcommand === 'verify') {
    return runLogVerify(rest, output);
  }
  if (subcommand === 'export') {
    return runLogExport(rest, output);
  }
  return list(args, output);
}

function list(args: string[], output: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, ...logFilterOptions },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unknown log command "${positionals.join(' ')}"`);
  }
  const query = parseLogFilters(values);

  // Open read-only: listing never changes the log
  const opened = ActivityLogReader.open(activityLogPath(resolveDataDir(values['data-dir'])));
  if (!opened.ok) {
    output.error(`copywarden log: ${opened.message}`);
    return exitCode.usage;
  }

  // Stream the matches: a page when asked for one, else all of them
  try {
    for (const record of opened.reader.iterate(query)) {
      output.out(
        values.json
          ? JSON.stringify(exportedObject(record))
          : `#${record.sequence}  ${formatEvent(record.event)}`,
      );
    }
  } finally {
    opened.reader.dispose();
  }
  return exitCode.ok;
}
