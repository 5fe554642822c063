import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeTree } from './tool-fixtures.ts';

/**
 * Tools that make real backup repositories (Debian packages restic, borgbackup, duplicity and
 * gnupg, which brings gpg and gpgconf).
 */
export const repositoryTools = ['restic', 'borg', 'duplicity', 'gpg', 'gpgconf'];

/** A small folder to back up: some text and some incompressible bytes. */
export async function writeBackupSource(directory: string): Promise<void> {
  const random = new Uint8Array(96 * 1024).map(() => Math.floor(Math.random() * 256));
  await writeTree(directory, {
    'notes.txt': 'quarterly numbers\n'.repeat(200),
    'photos/beach.bin': random,
  });
}

/**
 * Real repositories of `source`, made by the tools themselves, under `directory`: restic (always
 * encrypted), Borg repokey and unencrypted, Duplicity unencrypted and gpg-encrypted. Tool
 * caches and keys go to `directory/home`, never the user's home.
 */
export function makeRepositories(directory: string, source: string): void {
  const env = {
    ...process.env,
    HOME: join(directory, 'home'),
    XDG_CACHE_HOME: join(directory, 'home', 'cache'),
    XDG_CONFIG_HOME: join(directory, 'home', 'config'),
    RESTIC_PASSWORD: 'correct horse',
    BORG_PASSPHRASE: 'correct horse',
    PASSPHRASE: 'correct horse',
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
  };
  const run = (command: string, args: string[]): void => {
    execFileSync(command, args, { cwd: directory, env, stdio: 'pipe' });
  };

  run('restic', ['init', '-q', '-r', 'restic-repo']);
  run('restic', ['backup', '-q', '-r', 'restic-repo', source]);
  run('borg', ['init', '-e', 'repokey', 'borg-repokey']);
  run('borg', ['create', 'borg-repokey::first', source]);
  run('borg', ['init', '-e', 'none', 'borg-plain']);
  run('borg', ['create', 'borg-plain::first', source]);
  const archiveDir = join(directory, 'home', 'duplicity');
  run('duplicity', [
    '--no-encryption',
    '--archive-dir',
    archiveDir,
    source,
    `file://${join(directory, 'duplicity-plain')}`,
  ]);
  run('duplicity', [
    '--archive-dir',
    archiveDir,
    source,
    `file://${join(directory, 'duplicity-gpg')}`,
  ]);

  // gpg started an agent for the passphrase: stop it, or it outlives the test
  run('gpgconf', ['--kill', 'gpg-agent']);
}
