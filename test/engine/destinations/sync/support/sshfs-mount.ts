import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { waitFor } from '../../../../support/temp.ts';

const run = promisify(execFile);

/** The tools {@link mountSshfs} needs: an SSH server, the SSHFS client and FUSE. */
export const sshfsTools = ['sshd', 'sshfs', 'ssh-keygen', 'fusermount'];

/** An SSHFS mount of a folder served by an sshd started for the test on 127.0.0.1. */
export interface SshfsMount {
  mountPoint: string;
  /** The mount source, such as `root@127.0.0.1:/tmp/x/export`. */
  remote: string;
  dispose(): Promise<void>;
}

/**
 * Starts sshd in the foreground with its own host key, config and authorised key in `folder`,
 * and mounts `folder/export` on `folder/mount` over SSHFS. Needs root (sshd runs as root and
 * accepts the root login only by the test's key).
 */
export async function mountSshfs(folder: string): Promise<SshfsMount> {
  // Keys and config
  const hostKey = join(folder, 'host_key');
  const clientKey = join(folder, 'client_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  const authorizedKeys = join(folder, 'authorized_keys');
  await writeFile(authorizedKeys, await readFile(`${clientKey}.pub`, 'utf8'));
  const port = await freePort();
  const config = join(folder, 'sshd_config');
  await writeFile(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `PidFile ${join(folder, 'sshd.pid')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
    ].join('\n'),
  );

  // The server, in the foreground so that it ends with its process
  await mkdir('/run/sshd', { recursive: true });
  const server = spawn(await sshdPath(), ['-D', '-e', '-f', config], { stdio: 'ignore' });
  try {
    await waitFor(() => canConnect(port), 5_000, 'sshd to listen');

    // The mount
    const exported = join(folder, 'export');
    const mountPoint = join(folder, 'mount');
    await mkdir(exported);
    await mkdir(mountPoint);
    const remote = `root@127.0.0.1:${exported}`;
    await run('sshfs', [
      remote,
      mountPoint,
      '-p',
      String(port),
      '-o',
      `IdentityFile=${clientKey},StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,BatchMode=yes`,
    ]);

    return {
      mountPoint,
      remote,
      dispose: async () => {
        await run('fusermount', ['-u', mountPoint]).catch(() => undefined);
        await stop(server);
      },
    };
  } catch (error) {
    await stop(server);
    throw error;
  }
}

async function sshdPath(): Promise<string> {
  const { stdout } = await run('sh', ['-c', 'command -v sshd']);
  return stdout.trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('no port'));
        }
      });
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });
}

async function stop(process: ChildProcess): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => process.once('exit', resolve));
  process.kill('SIGTERM');
  await exited;
}
