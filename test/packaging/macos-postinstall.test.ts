import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { parse } from 'plist';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { launchAgentLabel } from '../../src-main/deploy/mobileconfig.ts';
import { canRun } from '../support/requirements.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

const run = promisify(execFile);

const script = fileURLToPath(new URL('../../build/pkg-scripts/postinstall', import.meta.url));

/**
 * The PKG's postinstall script, run as the macOS installer runs it (package path, install
 * location, target volume) against a scratch target volume. launchctl does not exist here, so
 * only the launch agent it writes is checked.
 */
describe.runIf(canRun({ root: true }))('the macOS postinstall script', () => {
  let volume: TempDirectory;
  beforeEach(async () => {
    volume = await createTempDirectory();
  });
  afterEach(() => volume.dispose());

  it('installs a launch agent that starts the app at login for every user', async () => {
    await run('sh', [script, '/tmp/Copywarden.pkg', '/Applications', volume.path, '/']);

    const agent = join(volume.path, 'Library/LaunchAgents', `${launchAgentLabel}.plist`);
    const definition = parse(await readFile(agent, 'utf8'));
    const file = await stat(agent);

    expect(definition).toMatchObject({
      Label: launchAgentLabel,
      ProgramArguments: ['/Applications/Copywarden.app/Contents/MacOS/Copywarden'],
      RunAtLoad: true,
      LimitLoadToSessionType: 'Aqua',
    });
    expect({ uid: file.uid, mode: file.mode & 0o777 }).toEqual({ uid: 0, mode: 0o644 });
  });
});
