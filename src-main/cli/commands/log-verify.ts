import { parseArgs } from 'node:util';

import { resolveDataDir } from '../../engine/data-dir.ts';
import { activityLogPath, ActivityLogReader } from '../../engine/log/log-file.ts';
import type { VerifyResult } from '../../engine/log/verify-log.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const logVerifyUsage = 'copywarden log verify [--json] [--data-dir DIR]';

/**
 * Checks the activity log's chain. Exit 0 with the record count when intact; 1 with the first
 * broken record (sequence, event id, what is wrong) when not; 2 when the log or its key cannot
 * be read at all.
 */
export function runLogVerify(args: string[], output: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      /** One JSON object instead of a sentence. */
      json: { type: 'boolean', default: false },
      /** The data directory holding the log and its key. */
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  }

  // Open read-only: verifying never changes the log
  const path = activityLogPath(resolveDataDir(values['data-dir']));
  const opened = ActivityLogReader.open(path);
  if (!opened.ok) {
    output.error(`copywarden log verify: ${opened.message}`);
    return exitCode.usage;
  }
  const verified = (() => {
    try {
      return opened.reader.verify();
    } finally {
      opened.reader.dispose();
    }
  })();
  if (!verified.ok) {
    output.error(`copywarden log verify: ${verified.message}`);
    return exitCode.usage;
  }

  // Report
  const { result, keyFingerprint } = verified;
  if (values.json) {
    output.out(JSON.stringify({ path, keyFingerprint, ...result }));
  } else {
    output.out(describe(path, result, keyFingerprint));
  }
  return result.intact ? exitCode.ok : exitCode.failure;
}

function describe(path: string, result: VerifyResult, keyFingerprint: string | null): string {
  if (!result.intact) {
    const { sequence, eventId, kind, detail } = result.break;
    const record =
      eventId === null ? `record ${sequence}` : `record ${sequence} (event ${eventId})`;
    return (
      `The activity log ${path} is NOT intact: ${record} is ${kind}: ${detail}.\n` +
      `${result.records} records before it verified.`
    );
  }

  const lines = [
    `The activity log ${path} is intact: ${result.records} records.`,
    `Chain head: sequence ${result.head.sequence}, chain MAC ${result.head.chainMac}.`,
    `Key fingerprint: ${keyFingerprint ?? 'unknown'}.`,
  ];
  if (result.sealedThrough !== null) {
    lines.push(
      `Records through sequence ${result.sealedThrough} were written before the log was ` +
        'tamper-evident; the chain proves only that they did not change after it was sealed.',
    );
  }
  return lines.join('\n');
}
