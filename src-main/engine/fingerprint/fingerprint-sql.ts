/*
 * The fingerprint database's statements and rows: every statement parameterised, every row
 * converted to a typed value in one place.
 */

/** Where a repository's inventory stands. */
export type RepositoryState = 'pending' | 'scanning' | 'ready' | 'unreachable';

/** A repository row. */
export interface StoredRepository {
  id: number;
  path: string;
  name: string | null;
  state: RepositoryState;
  fileCount: number;
  lastScanFinishedAt: string | null;
}

/** A file row, as a scan writes it. */
export interface StoredFile {
  relativePath: string;
  sizeBytes: number;
  mtimeMs: number;
  fingerprint: string;
}

/** A file row found by fingerprint, with its repository. */
export interface FingerprintRow extends StoredFile {
  repositoryPath: string;
  repositoryName: string | null;
  sha256: string | null;
}

/** Every statement the store runs, parameterised. */
export const statementSql = {
  upsertRepository:
    "INSERT INTO repositories (path, name, state) VALUES (:path, :name, 'pending') ON CONFLICT (path) DO UPDATE SET name = :name",
  repository: 'SELECT * FROM repositories WHERE path = :path',
  repositories: 'SELECT * FROM repositories ORDER BY path',
  deleteRepository: 'DELETE FROM repositories WHERE id = :id',
  setState: 'UPDATE repositories SET state = :state WHERE id = :id',
  beginScan:
    "UPDATE repositories SET scan_generation = scan_generation + 1, state = 'scanning' WHERE id = :id",
  generation: 'SELECT scan_generation FROM repositories WHERE id = :id',
  deleteStale: 'DELETE FROM files WHERE repository_id = :id AND scan_generation < :generation',
  finishScan:
    "UPDATE repositories SET state = 'ready', last_scan_finished_at = :finishedAt, file_count = (SELECT COUNT(*) FROM files WHERE repository_id = :id) WHERE id = :id",
  recorded:
    'SELECT size_bytes, mtime_ms FROM files WHERE repository_id = :id AND relative_path = :relativePath',
  touch:
    'UPDATE files SET scan_generation = :generation WHERE repository_id = :id AND relative_path = :relativePath',
  upsertFile:
    'INSERT INTO files (repository_id, relative_path, size_bytes, mtime_ms, fingerprint, sha256, scan_generation) VALUES (:id, :relativePath, :sizeBytes, :mtimeMs, :fingerprint, NULL, :generation) ON CONFLICT (repository_id, relative_path) DO UPDATE SET size_bytes = :sizeBytes, mtime_ms = :mtimeMs, fingerprint = :fingerprint, sha256 = NULL, scan_generation = :generation',
  hasSize: 'SELECT 1 FROM files WHERE size_bytes = :sizeBytes LIMIT 1',
  findByFingerprint:
    'SELECT files.*, repositories.path, repositories.name FROM files JOIN repositories ON repositories.id = files.repository_id WHERE size_bytes = :sizeBytes AND fingerprint = :fingerprint ORDER BY repositories.path, relative_path',
  setSha256:
    'UPDATE files SET sha256 = :sha256 WHERE repository_id = (SELECT id FROM repositories WHERE path = :repositoryPath) AND relative_path = :relativePath AND size_bytes = :sizeBytes AND mtime_ms = :mtimeMs',
  fileCount: 'SELECT COUNT(*) AS count FROM files WHERE repository_id = :id',
};

export type StatementKey = keyof typeof statementSql;

/** A `repositories` row as SQLite returns it. */
interface RepositoryRow {
  id: number;
  path: string;
  name: string | null;
  state: RepositoryState;
  file_count: number;
  last_scan_finished_at: string | null;
}

/** A `files` row joined with its repository's path and name. */
interface FingerprintRowData {
  relative_path: string;
  size_bytes: number;
  mtime_ms: number;
  fingerprint: string;
  sha256: string | null;
  path: string;
  name: string | null;
}

export function toRepository(row: unknown): StoredRepository {
  const data = row as RepositoryRow;
  return {
    id: data.id,
    path: data.path,
    name: data.name,
    state: data.state,
    fileCount: data.file_count,
    lastScanFinishedAt: data.last_scan_finished_at,
  };
}

export function toFingerprintRow(row: unknown): FingerprintRow {
  const data = row as FingerprintRowData;
  return {
    relativePath: data.relative_path,
    sizeBytes: data.size_bytes,
    mtimeMs: data.mtime_ms,
    fingerprint: data.fingerprint,
    sha256: data.sha256,
    repositoryPath: data.path,
    repositoryName: data.name,
  };
}
