import { describe, expect, it } from 'vitest';

import { failingSeverities, runElectronegativity } from './electronegativity/electronegativity.ts';

describe('Electronegativity', () => {
  it('finds nothing of medium severity or above in the desktop sources, and parses them all', async () => {
    const { findings, unparsed } = await runElectronegativity();

    const failing = findings.filter((finding) => failingSeverities.has(finding.severity));
    expect(failing).toEqual([]);
    expect(unparsed).toEqual([]);
    expect(findings.map((finding) => finding.check)).toContain('ELECTRON_VERSION_JSON_CHECK');
  });

  it('fails a window that turns the isolation and the sandbox off', async () => {
    const probe = [
      "import { BrowserWindow } from 'electron';",
      'new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });',
      '',
    ].join('\n');

    const { findings } = await runElectronegativity({
      extraFiles: { 'src-main/app/probe.ts': probe },
    });

    const failing = findings.filter((finding) => failingSeverities.has(finding.severity));
    expect(failing.map((finding) => finding.check)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']),
    );
  });
});
