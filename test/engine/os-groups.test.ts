import { userInfo } from 'node:os';

import { describe, expect, it } from 'vitest';

import { parseIdGroups, parseWhoamiGroups, readOsGroups } from '../../src-main/engine/os-groups.ts';

describe('OS groups', () => {
  it('reads the groups of the current user from the OS', async () => {
    const groups = await readOsGroups(userInfo().username);

    expect(groups.length).toBeGreaterThan(0);
  });

  it('parses `id -Gn` output, directory groups included', () => {
    expect(parseIdGroups('alice sudo domain users@acme.local it-ops\n')).toEqual([
      'alice',
      'sudo',
      'domain',
      'users@acme.local',
      'it-ops',
    ]);
  });

  it('parses `whoami /groups /fo csv /nh` output, as documented for Windows', () => {
    const output = [
      '"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"',
      '"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"',
      '"ACME\\IT-Ops","Group","S-1-5-21-1-2-3-1105","Mandatory group, Enabled by default, Enabled group"',
      '',
    ].join('\r\n');

    expect(parseWhoamiGroups(output)).toEqual(['Everyone', 'BUILTIN\\Users', 'ACME\\IT-Ops']);
  });
});
