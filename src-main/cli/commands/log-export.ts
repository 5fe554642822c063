import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { resolveDataDir } from '../../engine/data-dir.ts';
import { csvHeader, csvLine, jsonLine, type ExportFormat } from '../../engine/log/event-export.ts';
import { activityLogPath, ActivityLogReader } from '../../engine/log/log-file.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';
import { logFilterOptions, parseLogFilters } from './log-filters.ts';

export const logExportUsage =
  'copywarden log export --format csv|jsonl [--output FILE] [the filters of log]';

/** Bytes gathered before each write to the output file. */
const writeChunkBytes = 64 * 1024;

/**
 * Writes matching events, newest first, as CSV (RFC 4180, header row, cells that a spreadsheet
 * would run as formulas prefixed with an apostrophe) or JSON Lines, to a file or standard output.
 */
export function runLogExport(args: string[], output: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      /** csv or jsonl. */
      format: { type: 'string' },
      /** The file to write (created with mode 0600, replaced if it exists); stdout by default. */
      output: { type: 'string' },
      ...logFilterOptions,
    },
  });
  if (positionals.length > 0) {
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  }
  const format = parseFormat(values.format);
  const query = parseLogFilters(values);

  // Open read-only
  const opened = ActivityLogReader.open(activityLogPath(resolveDataDir(values['data-dir'])));
  if (!opened.ok) {
    output.error(`copywarden log export: ${opened.message}`);
    return exitCode.usage;
  }

  // Stream the matches to the sink
  const sink = values.output === undefined ? stdoutSink(output) : fileSink(values.output);
  let count = 0;
  try {
    if (format === 'csv') {
      sink.write(csvHeader());
    }
    for (const record of opened.reader.iterate(query)) {
      sink.write(format === 'csv' ? csvLine(record) : jsonLine(record));
      count++;
    }
  } finally {
    sink.close();
    opened.reader.dispose();
  }

  if (values.output !== undefined) {
    output.error(`exported ${count} events to ${values.output}`);
  }
  return exitCode.ok;
}

function parseFormat(value: string | undefined): ExportFormat {
  if (value !== 'csv' && value !== 'jsonl') {
    throw new UsageError(`--format takes csv or jsonl; got "${value ?? ''}"`);
  }
  return value;
}

interface Sink {
  /** Writes text that ends with a line break. */
  write(text: string): void;
  close(): void;
}

/** Standard output through `Output`, which adds the final line feed itself. */
function stdoutSink(output: Output): Sink {
  return {
    write: (text) => {
      output.out(text.slice(0, -1));
    },
    close: () => undefined,
  };
}

/** A file written in chunks; an unwritable path is the caller's input error, thrown as such. */
function fileSink(path: string): Sink {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'w', 0o600);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? ''}`);
  }

  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    writeSync(descriptor, pending.join(''));
    pending = [];
    pendingBytes = 0;
  };
  return {
    write: (text) => {
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= writeChunkBytes) {
        flush();
      }
    },
    close: () => {
      flush();
      closeSync(descriptor);
    },
  };
}
