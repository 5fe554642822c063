import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { repositoryRoot, renderedTemplates } from './support/rendered-templates.ts';

const deployFolder = join(repositoryRoot, 'deploy');

/**
 * The committed templates are what the policy schema produces now: a setting added to the
 * schema without `npm run templates` fails here instead of reaching administrators stale.
 */
describe('deploy/', () => {
  it('holds exactly the files npm run templates writes, with the same contents', async () => {
    const rendered = await renderedTemplates();

    const committed = await committedFiles();

    expect([...committed.keys()].sort()).toEqual([...rendered.keys()].sort());
    for (const [path, content] of rendered) {
      expect(committed.get(path), `deploy/${path} is stale: run npm run templates`).toBe(content);
    }
  });
});

async function committedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(deployFolder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(deployFolder, path), await readFile(path, 'utf8'));
    }
  }
  return files;
}
