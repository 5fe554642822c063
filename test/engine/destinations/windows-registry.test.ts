import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  parseRegQueryOutput,
  registryValue,
} from '../../../src-main/engine/destinations/sync/windows-registry.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/destinations');

describe('parseRegQueryOutput', () => {
  it('reads keys and values from recorded reg query output', async () => {
    const text = await readFile(join(fixtures, 'onedrive-accounts.reg.txt'), 'utf8');

    const keys = parseRegQueryOutput(text);

    expect(keys.map((key) => key.path.split('\\').slice(4).join('\\'))).toEqual([
      'Accounts',
      'Accounts\\Business1',
      'Accounts\\Business1\\ScopeIdToMountPointPathCache',
      'Accounts\\Business1\\Tenants',
      'Accounts\\Business1\\Tenants\\Contoso',
      'Accounts\\Personal',
    ]);
    const business = keys[1];
    expect(business && registryValue(business, 'userfolder')).toBe(
      'C:\\Users\\alice\\OneDrive - Contoso',
    );
  });

  it('keeps value names that contain spaces', async () => {
    const text = await readFile(join(fixtures, 'onedrive-accounts.reg.txt'), 'utf8');

    const tenant = parseRegQueryOutput(text).find((key) => key.path.endsWith('\\Contoso'));

    expect(tenant?.values).toEqual([
      { name: 'C:\\Users\\alice\\Contoso\\Finance - Documents', type: 'REG_DWORD', data: '0x1' },
    ]);
  });

  it('reads empty data and ignores stray lines', () => {
    const text = 'ERROR: junk\nHKEY_CURRENT_USER\\Software\\X\n    (Default)    REG_SZ\n  odd\n';

    const keys = parseRegQueryOutput(text);

    expect(keys).toEqual([
      {
        path: 'HKEY_CURRENT_USER\\Software\\X',
        values: [{ name: '(Default)', type: 'REG_SZ', data: '' }],
      },
    ]);
  });
});
