import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering is a lint rule, not a review habit: these cases lint probe sources placed at
 * paths in each wing with the repository's own configuration (type information switched off,
 * since the probes are not files of the program).
 */
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function layeringErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering', () => {
  it('keeps Electron out of the engine', async () => {
    const errors = await layeringErrors(
      'src-main/engine/probe.ts',
      "import { app } from 'electron';\nvoid app;\n",
    );

    expect(errors).toHaveLength(1);
  });

  it('keeps the engine from knowing its callers', async () => {
    const errors = await layeringErrors(
      'src-main/engine/watch/probe.ts',
      "import { main } from '../../cli/main.ts';\nimport { x } from '../../app/main.ts';\nvoid main;\nvoid x;\n",
    );

    expect(errors).toHaveLength(2);
  });

  it('keeps Node and the main process out of the renderer', async () => {
    const errors = await layeringErrors(
      'src-renderer/probe.ts',
      "import { readFile } from 'node:fs/promises';\nimport { Engine } from '../src-main/engine/engine.ts';\nvoid readFile;\nvoid Engine;\n",
    );

    expect(errors).toHaveLength(2);
  });

  it('keeps the shared contract free of Node and Electron', async () => {
    const errors = await layeringErrors(
      'src-shared/probe.ts',
      "import { app } from 'electron';\nimport { join } from 'path';\nvoid app;\nvoid join;\n",
    );

    expect(errors).toHaveLength(2);
  });

  it('lets the Electron host use Electron and the engine', async () => {
    const errors = await layeringErrors(
      'src-main/app/probe.ts',
      "import { app } from 'electron';\nimport { Engine } from '../engine/engine.ts';\nvoid app;\nvoid Engine;\n",
    );

    expect(errors).toEqual([]);
  });
});
