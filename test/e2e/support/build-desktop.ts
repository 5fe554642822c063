import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../..', import.meta.url));
const viteBin = join(repository, 'node_modules', 'vite', 'bin', 'vite.js');

/** The renderer and the preload as `npm run build` makes them, built into a test's folder. */
export interface DesktopBuild {
  /** The folder holding index.html and its assets. */
  rendererDir: string;
  /** The bundled preload's source text. */
  preloadSource: string;
}

/** Builds the renderer and the preload with the repository's Vite configurations. */
export async function buildDesktop(outDir: string): Promise<DesktopBuild> {
  const rendererDir = join(outDir, 'renderer');
  const preloadDir = join(outDir, 'preload');
  const vite = (config: string, target: string) =>
    run(
      process.execPath,
      [viteBin, 'build', '-c', config, '--outDir', target, '--logLevel', 'warn'],
      {
        cwd: repository,
      },
    );

  await Promise.all([
    vite(join(repository, 'vite.config.ts'), rendererDir),
    vite(join(repository, 'vite.preload.config.ts'), preloadDir),
  ]);
  return { rendererDir, preloadSource: await readFile(join(preloadDir, 'preload.cjs'), 'utf8') };
}
