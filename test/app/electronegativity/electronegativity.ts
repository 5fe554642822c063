import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../..', import.meta.url));

/** The sources Electronegativity reads: the host, the preload, the renderer, and package.json. */
export const scannedPaths = ['src-main/app', 'src-main/preload', 'src-renderer', 'package.json'];

/**
 * Checks left out: this one asks GitHub for Electron's release list, which an offline CI run
 * cannot reach. Keeping Electron current is the dependency updates' job.
 */
export const excludedChecks = ['AvailableSecurityFixesGlobalCheck'];

/** Severities that fail the check. */
export const failingSeverities = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

/** One Electronegativity finding. */
export interface Finding {
  /** The check's id, such as `CONTEXT_ISOLATION_JS_CHECK`. */
  check: string;
  /** `INFORMATIONAL`, `LOW`, `MEDIUM`, `HIGH` or `CRITICAL`. */
  severity: string;
  confidence: string;
  file: string;
  /** `line:column`. */
  location: string;
  description: string;
}

/** What a run found; `unparsed` names files it could not read, which it therefore never checked. */
export interface ElectronegativityReport {
  findings: Finding[];
  unparsed: { file: string; message: string }[];
}

/**
 * Runs Electronegativity on the desktop sources, offline. Its exit code is 0 whatever it finds,
 * so the findings are read from its result. `extraFiles` (path to contents) are scanned with
 * the sources, for tests that check the check; `sarifFile` keeps the SARIF report.
 */
export async function runElectronegativity(
  options: { extraFiles?: Readonly<Record<string, string>>; sarifFile?: string } = {},
): Promise<ElectronegativityReport> {
  const work = await mkdtemp(join(tmpdir(), 'copywarden-electronegativity-'));
  try {
    // One folder with exactly the sources, so that the global checks see them together
    const input = join(work, 'app');
    for (const path of scannedPaths) {
      await cp(join(repository, path), join(input, path), { recursive: true });
    }
    for (const [path, contents] of Object.entries(options.extraFiles ?? {})) {
      await writeFile(join(input, path), contents);
    }

    // Run, with the Electron version this repository installs
    const electron = JSON.parse(
      await readFile(join(repository, 'node_modules', 'electron', 'package.json'), 'utf8'),
    ) as { version: string };
    const resultFile = join(work, 'result.json');
    await run(
      process.execPath,
      [
        fileURLToPath(new URL('./run-electronegativity.ts', import.meta.url)),
        input,
        options.sarifFile ?? join(work, 'report.sarif'),
        resultFile,
        electron.version,
        excludedChecks.join(','),
      ],
      { cwd: work, env: { ...process.env, LANG: 'en-US' } },
    );

    const result = JSON.parse(await readFile(resultFile, 'utf8')) as {
      findings: Finding[];
      errors: { file: string; message: string; tolerable: boolean }[];
    };
    const unparsed = result.errors
      .filter((error) => !error.tolerable)
      .map(({ file, message }) => ({ file, message }));
    return { findings: result.findings, unparsed };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
