import { execFile } from 'node:child_process';
import { chmod, chown, lstat, mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

const run = promisify(execFile);

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** The user that owns a second home folder, to check that a purge removes data with its rights. */
const otherUser = { name: 'nobody', uid: 65_534 };

/**
 * The deb and rpm install scripts, filled in as electron-builder fills them and run as the
 * package manager runs them, inside a scratch root given through DPKG_ROOT (which dpkg sets for
 * installs into another root, and every path in the scripts honours).
 */
describe.runIf(canRun({ root: true, tools: ['update-alternatives', 'runuser'] }))(
  'the Linux install scripts',
  () => {
    let root: TempDirectory;
    beforeEach(async () => {
      root = await createTempDirectory();
      await chmod(root.path, 0o755);
      await prepareRoot(root.path);
    });
    afterEach(() => root.dispose());

    it('create the policy folder, the autostart entry and the command after install', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);

      const folder = await stat(join(root.path, 'etc/copywarden'));
      const autostart = join(root.path, 'etc/xdg/autostart/copywarden.desktop');
      const entry = await readFile(autostart, 'utf8');

      expect({ uid: folder.uid, gid: folder.gid, mode: folder.mode & 0o7777 }).toEqual({
        uid: 0,
        gid: 0,
        mode: 0o755,
      });
      expect((await stat(autostart)).mode & 0o777).toBe(0o644);
      expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
      expect(entry).toContain('\nExec=/opt/Copywarden/copywarden\n');
      expect(await readlink(join(root.path, 'usr/bin/copywarden'))).toBe(
        '/etc/alternatives/copywarden',
      );
      expect(await readlink(join(root.path, 'etc/alternatives/copywarden'))).toBe(
        '/opt/Copywarden/copywarden',
      );
    });

    it('repairs a policy folder that others could write', async () => {
      await mkdir(join(root.path, 'etc/copywarden'), { recursive: true });
      await chmod(join(root.path, 'etc/copywarden'), 0o777);

      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);

      expect((await stat(join(root.path, 'etc/copywarden'))).mode & 0o777).toBe(0o755);
    });

    it('changes nothing when the removal is part of an upgrade', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);

      await runScript(root.path, 'after-remove.sh', ['upgrade', '0.2.0']);
      await runScript(root.path, 'after-remove.sh', ['1']);

      expect(await exists(join(root.path, 'etc/xdg/autostart/copywarden.desktop'))).toBe(true);
      expect(await exists(join(root.path, 'usr/bin/copywarden'))).toBe(true);
    });

    it('removes the autostart entry and the command but keeps policy, logs and quarantine', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);
      await writeFile(join(root.path, 'etc/copywarden/policy.json'), '{"version":1}');
      const dataDir = await userData(root.path, 'root', 0);

      await runScript(root.path, 'after-remove.sh', ['remove']);

      expect(await exists(join(root.path, 'etc/xdg/autostart/copywarden.desktop'))).toBe(false);
      expect(await exists(join(root.path, 'usr/bin/copywarden'))).toBe(false);
      expect(await exists(join(root.path, 'etc/copywarden/policy.json'))).toBe(true);
      expect(await exists(join(dataDir, 'activity.sqlite'))).toBe(true);
    });

    it('purges policy and every user data folder on apt purge', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);
      const rootData = await userData(root.path, 'root', 0);
      const otherData = await userData(root.path, `home/${otherUser.name}`, otherUser.uid);

      await runScript(root.path, 'after-remove.sh', ['remove']);
      await runScript(root.path, 'after-remove.sh', ['purge']);

      expect(await exists(rootData)).toBe(false);
      expect(await exists(otherData)).toBe(false);
      expect(await exists(join(root.path, 'etc/copywarden'))).toBe(false);
    });

    it('purges on an rpm erase when IT left the purge marker', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);
      await writeFile(join(root.path, 'etc/copywarden/purge-on-uninstall'), '');
      const otherData = await userData(root.path, `home/${otherUser.name}`, otherUser.uid);

      await runScript(root.path, 'after-remove.sh', ['0']);

      expect(await exists(otherData)).toBe(false);
      expect(await exists(join(root.path, 'etc/copywarden'))).toBe(false);
    });

    it('removes nothing outside a home folder through a planted symbolic link', async () => {
      await runScript(root.path, 'after-install.sh', ['configure', '0.1.0']);
      await writeFile(join(root.path, 'etc/copywarden/purge-on-uninstall'), '');
      const victim = join(root.path, 'srv/state/copywarden');
      await mkdir(victim, { recursive: true });
      await writeFile(join(victim, 'keep'), '');
      const home = join(root.path, 'home', otherUser.name);
      await mkdir(home, { recursive: true });
      await chown(home, otherUser.uid, otherUser.uid);
      await run('runuser', [
        '-u',
        otherUser.name,
        '--',
        'ln',
        '-s',
        join(root.path, 'srv'),
        join(home, '.local'),
      ]);

      await runScript(root.path, 'after-remove.sh', ['0']);

      expect(await exists(join(victim, 'keep'))).toBe(true);
    });
  },
);

/** What the scripts expect of an installed system: the app's files and dpkg's folders. */
async function prepareRoot(rootPath: string): Promise<void> {
  for (const folder of [
    'opt/Copywarden',
    'etc/alternatives',
    'var/lib/dpkg/alternatives',
    'var/log',
    'root',
    'home',
  ]) {
    await mkdir(join(rootPath, folder), { recursive: true });
  }
  await writeFile(join(rootPath, 'opt/Copywarden/copywarden'), '#!/bin/sh\n', { mode: 0o755 });
}

/** Fills in the script as electron-builder does, then runs it with DPKG_ROOT pointing at `rootPath`. */
async function runScript(rootPath: string, name: string, args: string[]): Promise<void> {
  const template = await readFile(join(projectDir, 'build/linux', name), 'utf8');
  const script = template
    .replaceAll('${executable}', 'copywarden')
    .replaceAll('${sanitizedProductName}', 'Copywarden');
  const path = join(rootPath, `.${name}`);
  await writeFile(path, script, { mode: 0o755 });

  await run('sh', [path, ...args], { env: { ...process.env, DPKG_ROOT: rootPath } });
}

/** A user's data folder with an activity log in it, owned by the user. */
async function userData(rootPath: string, home: string, uid: number): Promise<string> {
  const homePath = join(rootPath, home);
  const dataDir = join(homePath, '.local/state/copywarden');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'activity.sqlite'), '');
  await run('chown', ['-R', `${uid}:${uid}`, homePath]);
  return dataDir;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
