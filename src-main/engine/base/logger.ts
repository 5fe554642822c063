/**
 * The diagnostic log: what the program did, for its developers and for support. It is not the
 * activity log (what users did), which lives in `log/`.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/** A levelled logger whose messages start with a component tag, such as `[Watcher]: ...`. */
export interface Logger {
  trace(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
  /** A logger for a component: its messages carry `tag`. */
  child(tag: string): Logger;
}

/** One written diagnostic line. */
export interface LogRecord {
  level: LogLevel;
  tag: string;
  message: string;
  details: unknown[];
}

/** Builds a logger that hands each record at or above `minimumLevel` to `write`. */
export function createLogger(
  write: (record: LogRecord) => void,
  minimumLevel: LogLevel = 'info',
  tag = 'Copywarden',
): Logger {
  const log =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (levelRank[level] >= levelRank[minimumLevel]) {
        write({ level, tag, message, details });
      }
    };

  return {
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (childTag) => createLogger(write, minimumLevel, childTag),
  };
}

/** A logger that writes to standard error, one line per record. */
export function createStderrLogger(minimumLevel: LogLevel = 'info'): Logger {
  return createLogger((record) => {
    const details = record.details.map(formatDetail).join(' ');
    const line = `${new Date().toISOString()} ${record.level.toUpperCase()} [${record.tag}]: ${record.message}`;
    process.stderr.write(details ? `${line} ${details}\n` : `${line}\n`);
  }, minimumLevel);
}

/** A logger that keeps records in memory, for tests. */
export function createMemoryLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return Object.assign(
    createLogger((record) => records.push(record), 'trace'),
    { records },
  );
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) {
    return detail.stack ?? detail.message;
  }
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
