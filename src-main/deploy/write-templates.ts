// `npm run templates`: writes the device-management templates into deploy/ from the policy
// schema, and removes files there that the schema no longer produces.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderTemplates } from './render-templates.ts';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const deployFolder = join(repositoryRoot, 'deploy');

// Write what the schema produces
const files = await renderTemplates(repositoryRoot);
for (const [path, content] of files) {
  const target = join(deployFolder, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
}

// Remove what it no longer produces
const entries = await readdir(deployFolder, { recursive: true, withFileTypes: true });
for (const entry of entries) {
  const path = relative(deployFolder, join(entry.parentPath, entry.name));
  if (entry.isFile() && !files.has(path)) {
    await rm(join(deployFolder, path));
    process.stdout.write(`removed deploy/${path}\n`);
  }
}
process.stdout.write(`wrote ${files.size} files into deploy/\n`);
