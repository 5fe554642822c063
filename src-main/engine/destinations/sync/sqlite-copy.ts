import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import { hostPath, type SyncContext, type WatchedPath } from './sync-context.ts';

/**
 * Client databases that list sync folders are small; a sync client's file index can be large,
 * and copying one of those on every discovery would cost more than it tells.
 */
export const maxDatabaseBytes = 64 * 1024 * 1024;

/**
 * Runs `query` on a private read-only copy of a client's live SQLite database (with its `-wal`
 * file, when present), so that the client's database is never locked or changed. A missing
 * database gives null quietly; an unreadable or malformed one, or a query that fails on an
 * unexpected schema, is logged and gives null.
 */
export async function querySqliteCopy<Result>(
  context: SyncContext,
  database: WatchedPath,
  query: (connection: DatabaseSync) => Result,
): Promise<Result | null> {
  // Check the kind and size before copying
  const source = hostPath(context, database.path);
  try {
    const stats = await stat(source);
    if (!stats.isFile() || stats.size > maxDatabaseBytes) {
      context.logger.warn(
        `Ignoring ${database.display}: not a regular file under ${maxDatabaseBytes} bytes`,
      );
      return null;
    }
  } catch {
    context.logger.debug(`No ${database.display}`);
    return null;
  }

  // Copy the database and its write-ahead log
  const copyFolder = await mkdtemp(join(tmpdir(), 'copywarden-sqlite-'));
  const copy = join(copyFolder, 'copy.db');
  try {
    await copyFile(source, copy);
    await copyFile(`${source}-wal`, `${copy}-wal`).catch(() => undefined);

    // Open the copy read-only and query it
    const { DatabaseSync } = await import('node:sqlite');
    const connection = new DatabaseSync(copy, { readOnly: true });
    try {
      return query(connection);
    } finally {
      connection.close();
    }
  } catch (error) {
    context.logger.warn(
      `Ignoring ${database.display}: not a readable database of the expected shape`,
      error,
    );
    return null;
  } finally {
    await rm(copyFolder, { recursive: true, force: true });
  }
}

/** The value of a text column, or null when it is absent, empty or not text. */
export function textColumn(row: Record<string, unknown>, name: string): string | null {
  const value = row[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
