import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

import type { ToolResult } from '../../../../src-main/engine/destinations/identity/run-tool.ts';

/** The recorded outputs and trees the identity tests read. */
export const identityFixtures = join(
  import.meta.dirname,
  '../../../fixtures/destinations/identity',
);

/** Reads a recorded output as text. */
export function readIdentityFixture(name: string): Promise<string> {
  return readFile(join(identityFixtures, name), 'utf8');
}

/** Reads a recorded JSON output. */
export async function readJsonFixture(name: string): Promise<unknown> {
  return JSON.parse(await readIdentityFixture(name)) as unknown;
}

/** A tool runner that answers with a recorded output, as a reader's `run...` option. */
export function recordedOutput(text: string): () => Promise<ToolResult> {
  return () => Promise.resolve({ ok: true, stdout: text });
}

/**
 * Builds the sysfs tree of `sysfs-tree.json` under `root` (files and relative links, as the
 * kernel shows them) and returns `root`.
 */
export async function buildSysfsTree(root: string): Promise<string> {
  const tree = JSON.parse(await readIdentityFixture('sysfs-tree.json')) as {
    links: Record<string, string>;
    files: Record<string, string>;
  };

  for (const [path, content] of Object.entries(tree.files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  for (const [path, target] of Object.entries(tree.links)) {
    const link = join(root, path);
    await mkdir(dirname(link), { recursive: true });
    await mkdir(join(root, target), { recursive: true });
    await symlink(relative(dirname(link), join(root, target)), link);
  }
  return root;
}

/** Copies the recorded udev database files into `root` under the names udev gives them. */
export async function buildUdevData(root: string): Promise<string> {
  await mkdir(root, { recursive: true });
  for (const [fixture, name] of [
    ['udev-data-b8-16.txt', 'b8:16'],
    ['udev-data-b8-17.txt', 'b8:17'],
  ] as const) {
    await writeFile(join(root, name), await readIdentityFixture(fixture));
  }
  return root;
}
