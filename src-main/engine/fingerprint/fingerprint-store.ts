import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';

import type { Disposable } from '../base/disposable.ts';
import type {
  FingerprintRow,
  RepositoryState,
  StatementKey,
  StoredFile,
  StoredRepository,
} from './fingerprint-sql.ts';
import { statementSql, toFingerprintRow, toRepository } from './fingerprint-sql.ts';
import { migrate } from './migrations/migrate.ts';

export type {
  FingerprintRow,
  RepositoryState,
  StoredFile,
  StoredRepository,
} from './fingerprint-sql.ts';

/**
 * The fingerprint inventory in SQLite (`fingerprints.sqlite`): one row per repository file, with
 * its size, modification time and sampled fingerprint, indexed by size and fingerprint. It can
 * always be rebuilt from the repositories, so commits are not synchronous.
 */
export class FingerprintStore implements Disposable {
  readonly #database: DatabaseSync;
  readonly #statements: Record<StatementKey, StatementSync>;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#database = new DatabaseSync(path);
    this.#database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#database.exec('PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
    migrate(this.#database);
    this.#statements = this.#prepare();
  }

  /** Adds or renames a repository, and returns its row. */
  ensureRepository(path: string, name: string | null): StoredRepository {
    this.#run('upsertRepository', { path, name });
    return this.repository(path) as StoredRepository;
  }

  repository(path: string): StoredRepository | undefined {
    const row = this.#statement('repository').get({ path });
    return row === undefined ? undefined : toRepository(row);
  }

  repositories(): StoredRepository[] {
    return this.#statement('repositories').all().map(toRepository);
  }

  /** Removes repositories that are no longer named, with their files. */
  removeRepositoriesExcept(paths: readonly string[]): void {
    for (const repository of this.repositories()) {
      if (!paths.includes(repository.path)) {
        this.#run('deleteRepository', { id: repository.id });
      }
    }
  }

  setState(id: number, state: RepositoryState): void {
    this.#run('setState', { id, state });
  }

  /** Starts a scan: the returned generation marks every file the scan sees. */
  beginScan(id: number): number {
    this.#run('beginScan', { id });
    const row = this.#statement('generation').get({ id }) as { scan_generation: number };
    return row.scan_generation;
  }

  /** Ends a complete scan: files it did not see are gone from the repository. */
  finishScan(id: number, generation: number): void {
    this.#run('deleteStale', { id, generation });
    this.#run('finishScan', { id, finishedAt: new Date().toISOString() });
  }

  /** The recorded size and modification time of one file, to tell whether it changed. */
  recorded(id: number, relativePath: string): { sizeBytes: number; mtimeMs: number } | undefined {
    const row = this.#statement('recorded').get({ id, relativePath }) as
      { size_bytes: number; mtime_ms: number } | undefined;
    return row === undefined ? undefined : { sizeBytes: row.size_bytes, mtimeMs: row.mtime_ms };
  }

  /** Writes a batch of scan results in one transaction. */
  writeBatch(id: number, generation: number, batch: readonly ScanWrite[]): void {
    this.#transaction(() => {
      for (const write of batch) {
        if (write.kind === 'unchanged') {
          this.#run('touch', { id, generation, relativePath: write.relativePath });
        } else {
          this.#run('upsertFile', { id, generation, ...write.file });
        }
      }
    });
  }

  /** Whether any inventoried file has this size: most landed files end here, unread. */
  hasSize(sizeBytes: number): boolean {
    return this.#statement('hasSize').get({ sizeBytes }) !== undefined;
  }

  findByFingerprint(sizeBytes: number, fingerprint: string): FingerprintRow[] {
    return this.#statement('findByFingerprint')
      .all({ sizeBytes, fingerprint })
      .map(toFingerprintRow);
  }

  /** Records a repository file's full SHA-256, if the file is unchanged since it was inventoried. */
  setSha256(repositoryPath: string, file: Omit<StoredFile, 'fingerprint'>, sha256: string): void {
    this.#run('setSha256', { repositoryPath, ...file, sha256 });
  }

  fileCount(id: number): number {
    const row = this.#statement('fileCount').get({ id }) as { count: number };
    return row.count;
  }

  dispose(): void {
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }

  #prepare(): Record<StatementKey, StatementSync> {
    const entries = Object.entries(statementSql).map(([key, text]) => [
      key,
      this.#database.prepare(text),
    ]);
    return Object.fromEntries(entries) as Record<StatementKey, StatementSync>;
  }

  #statement(key: StatementKey): StatementSync {
    return this.#statements[key];
  }

  #run(key: StatementKey, parameters: Record<string, string | number | null>): void {
    this.#statement(key).run(parameters);
  }

  #transaction(work: () => void): void {
    this.#database.exec('BEGIN');
    try {
      work();
      this.#database.exec('COMMIT');
    } catch (error) {
      this.#database.exec('ROLLBACK');
      throw error;
    }
  }
}

/** One file's outcome in a scan. */
export type ScanWrite =
  { kind: 'unchanged'; relativePath: string } | { kind: 'fingerprinted'; file: StoredFile };
