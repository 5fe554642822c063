// Runs Electronegativity's runner offline and writes its findings and parse errors as one JSON
// document to RESULT_FILE (its own messages go to stdout). Reading the runner's result avoids
// its CSV report, whose header and body are written by two unordered asynchronous writes. The
// SARIF report is still written, for CI.
// Usage: node run-electronegativity.ts INPUT SARIF_FILE RESULT_FILE ELECTRON_VERSION EXCLUDED
import { writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

/** The runner's options and result, as far as this script uses them. */
interface RunnerIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number; column: number };
  description: string;
}
type Runner = (options: Record<string, unknown>) => Promise<{
  issues: RunnerIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}>;

// Its `got` requests (fresh translations, Electron's release list) fail at once instead of
// reaching the network: the check runs the same offline and in CI. Without this, an offline run
// crashes in got's retry timer after the request already failed.
type Load = (request: string, parent: { filename: string } | null, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = (request, parent, isMain) => {
  if (request === 'got' && parent?.filename.includes('electronegativity') === true) {
    const offline = () => Promise.reject(new Error('Copywarden runs Electronegativity offline'));
    return Object.assign(offline, { get: offline, head: offline });
  }
  return load(request, parent, isMain);
};

const [input, sarifFile, resultFile, electronVersion, excluded] = process.argv.slice(2);
if (resultFile === undefined || excluded === undefined) {
  throw new Error('Usage: run-electronegativity.ts INPUT SARIF RESULT VERSION EXCLUDED');
}
const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as Runner;
const { issues, errors } = await run({
  input,
  output: sarifFile,
  isSarif: true,
  customScan: [],
  excludeFromScan: excluded.split(','),
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const findings = issues.map((issue) => ({
  check: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file,
  location: `${issue.location.line}:${issue.location.column}`,
  description: issue.description,
}));
writeFileSync(resultFile, JSON.stringify({ findings, errors }));
