import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  autostartEntry,
  autostartFileName,
  setAutostartEntry,
} from '../../src-main/app/platform/autostart-entry.ts';
import { parseHostArguments } from '../../src-main/app/platform/host-arguments.ts';
import { createTempDirectory, type TempDirectory } from '../support/temp.ts';

describe('autostartEntry', () => {
  it('quotes the executable as the Desktop Entry Specification asks', () => {
    const entry = autostartEntry('/opt/Copy "warden"/$bin\\copywarden');

    expect(entry).toContain('Exec="/opt/Copy \\"warden\\"/\\$bin\\\\copywarden"\n');
    expect(entry.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
  });
});

describe('setAutostartEntry', () => {
  let work: TempDirectory;
  beforeEach(async () => {
    work = await createTempDirectory();
  });
  afterEach(() => work.dispose());

  it('writes the entry when enabled and removes it when disabled', async () => {
    const autostartDir = join(work.path, 'autostart');
    const path = join(autostartDir, autostartFileName);

    await setAutostartEntry(autostartDir, '/opt/copywarden/copywarden', true);
    const written = await readFile(path, 'utf8');
    await setAutostartEntry(autostartDir, '/opt/copywarden/copywarden', false);

    expect(written).toContain('Exec="/opt/copywarden/copywarden"');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('parseHostArguments', () => {
  it('reads the policy, the data directory and the view to open, ignoring Electron’s own', () => {
    const parsed = parseHostArguments([
      '.',
      '--no-sandbox',
      '--policy',
      '/etc/p.json',
      '--data-dir=/var/cw',
      '--open',
      'log',
    ]);

    expect(parsed).toEqual({ policyFile: '/etc/p.json', dataDir: '/var/cw', open: 'log' });
  });

  it('ignores a view it does not know', () => {
    expect(parseHostArguments(['--open', 'settings']).open).toBeNull();
  });
});
