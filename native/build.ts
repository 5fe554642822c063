// Builds the native helpers in native/ with the system C compiler. Run by `npm install`
// (with --optional: a machine without a compiler keeps the portable watcher) and by
// `npm run build:native`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDirectory = dirname(fileURLToPath(import.meta.url));
const sourceDirectory = join(nativeDirectory, 'linux-watch');
const outputPath = join(nativeDirectory, 'build', 'copywarden-watch');
const compilerFlags = ['-O2', '-Wall', '-Wextra', '-Werror'];

const optional = process.argv.includes('--optional');

/** Ends the build: a failure is fatal unless the build is optional. */
function finish(failure: string | undefined): never {
  if (failure === undefined) {
    console.log(`[native]: built ${outputPath}`);
    process.exit(0);
  }

  if (optional) {
    console.warn(`[native]: ${failure}; the portable watcher will be used instead.`);
    process.exit(0);
  }
  console.error(`[native]: ${failure}.`);
  process.exit(1);
}

function hasCompiler(): boolean {
  const probe = spawnSync('cc', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

// Only Linux has inotify
if (process.platform !== 'linux') {
  console.log(`[native]: nothing to build on ${process.platform}`);
  process.exit(0);
}
if (!hasCompiler()) {
  finish('no C compiler (cc) was found, so the Linux watcher helper was not built');
}

// Compile every source of the helper into one executable
const sources = readdirSync(sourceDirectory)
  .filter((name) => name.endsWith('.c'))
  .sort()
  .map((name) => join(sourceDirectory, name));
mkdirSync(dirname(outputPath), { recursive: true });
const compile = spawnSync('cc', [...compilerFlags, '-o', outputPath, ...sources], {
  stdio: 'inherit',
});

finish(compile.status === 0 ? undefined : 'the Linux watcher helper failed to compile');
