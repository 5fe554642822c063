import { execFileSync } from 'node:child_process';
import { chown } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot } from '../../../support/requirements.ts';

/** Where Debian's `postgresql-NN` packages put initdb, pg_ctl and postgres. */
const postgresLibraryDirectory = '/usr/lib/postgresql';

/** The newest installed server's bin folder, or null when no server is installed. */
export function findPostgresBinDirectory(): string | null {
  if (!existsSync(postgresLibraryDirectory)) {
    return null;
  }
  const versions = readdirSync(postgresLibraryDirectory)
    .filter((version) => existsSync(join(postgresLibraryDirectory, version, 'bin', 'initdb')))
    .sort((left, right) => Number(right) - Number(left));
  return versions[0] === undefined ? null : join(postgresLibraryDirectory, versions[0], 'bin');
}

/** A throwaway PostgreSQL server on a Unix socket in a temporary folder. */
export interface PostgresServer {
  /** Runs pg_dump (from the server's own bin folder) with `args` against database `postgres`. */
  dump(args: string[]): void;
  stop(): void;
}

/**
 * Starts a server in `directory` (about one second). As root it runs as user `postgres`, which
 * must own `directory`; the server refuses to run as root.
 */
export async function startPostgres(
  binDirectory: string,
  directory: string,
): Promise<PostgresServer> {
  // Run every command as a user the server accepts
  if (isRoot) {
    await chown(directory, uid('postgres'), uid('postgres'));
  }
  const runAsServerUser = (tool: string, args: string[], logFile?: string): void => {
    const command = join(binDirectory, tool);
    const [file, fileArgs] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
    // The started server inherits no pipe of ours, or execFileSync would wait for it to exit
    execFileSync(file, fileArgs, { stdio: logFile === undefined ? 'pipe' : 'ignore' });
  };

  // Create a cluster, start it on a socket only, and add a table
  const dataDirectory = join(directory, 'data');
  runAsServerUser('initdb', ['-D', dataDirectory, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const serverOptions = `-k ${directory} -c listen_addresses=''`;
  const logFile = join(directory, 'server.log');
  const startArgs = ['-D', dataDirectory, '-o', serverOptions, '-l', logFile, '-w', '-s', 'start'];
  runAsServerUser('pg_ctl', startArgs, logFile);
  const connection = ['-h', directory, '-U', 'postgres'];
  runAsServerUser('psql', [
    ...connection,
    '-q',
    '-c',
    'CREATE TABLE orders (id int); INSERT INTO orders VALUES (1);',
    'postgres',
  ]);

  return {
    dump: (args) => {
      runAsServerUser('pg_dump', [...connection, ...args, 'postgres']);
    },
    stop: () => {
      runAsServerUser('pg_ctl', ['-D', dataDirectory, '-m', 'immediate', '-s', 'stop']);
    },
  };
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
