import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/** Lints probe sources at paths in the host and the preload with the repository's rules. */
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function ipcErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter(
      (message) =>
        message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax',
    )
    .map((message) => message.message);
}

describe('IPC lint rules', () => {
  it('keeps raw ipcMain out of the host outside its adapter', async () => {
    const errors = await ipcErrors(
      'src-main/app/windows/probe.ts',
      "import { ipcMain } from 'electron';\nimport * as electron from 'electron';\nipcMain.handle('x', () => 1);\nelectron.ipcMain.on('y', () => 1);\n",
    );

    // The named import, the namespace import that could reach it, and the use through it
    expect(errors).toHaveLength(3);
  });

  it('keeps raw ipcRenderer out of the preload outside its entry', async () => {
    const errors = await ipcErrors(
      'src-main/preload/probe.ts',
      "import { ipcRenderer } from 'electron';\nvoid ipcRenderer.invoke('x');\n",
    );

    expect(errors).toHaveLength(1);
  });

  it('lets the two wrappers use them', async () => {
    const adapter = await ipcErrors(
      'src-main/app/ipc/bind-ipc-main.ts',
      "import { ipcMain } from 'electron';\nvoid ipcMain;\n",
    );
    const preload = await ipcErrors(
      'src-main/preload/preload.ts',
      "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n",
    );

    expect([...adapter, ...preload]).toHaveLength(0);
  });
});
