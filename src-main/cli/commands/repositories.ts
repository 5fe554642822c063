import { parseArgs } from 'node:util';

import { createStderrLogger } from '../../engine/base/logger.ts';
import { resolveDataDir } from '../../engine/data-dir.ts';
import type { RepositoryMatch } from '../../engine/fingerprint/inventory.ts';
import { Inventory } from '../../engine/fingerprint/inventory.ts';
import type { ScanProgress } from '../../engine/fingerprint/repository-scan.ts';
import { embeddedPolicy } from '../../engine/policy/default-policy.ts';
import { formatPolicyErrors, loadPolicyFile } from '../../engine/policy/load-policy.ts';
import type { Policy } from '../../engine/policy/policy-schema.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const repositoriesUsage =
  'copywarden repositories scan|lookup FILE... [--policy FILE] [--data-dir DIR] [--json]';

/**
 * `repositories scan` brings the fingerprint inventory of the policy's repositories up to date,
 * with progress on standard error; `repositories lookup FILE...` tells, for each file, which
 * repository files it is a copy of (by size and sampled fingerprint), from the inventory as it
 * stands. Exit 0 when every file was read, 2 when one could not be.
 */
export async function runRepositories(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [subcommand, ...files] = positionals;
  if (subcommand !== 'scan' && subcommand !== 'lookup') {
    throw new UsageError(`unknown repositories command "${subcommand ?? ''}"`);
  }
  if (subcommand === 'lookup' && files.length === 0) {
    throw new UsageError('name at least one file to look up');
  }

  // The policy names the repositories
  const policy = await readPolicy(values.policy, output);
  if (policy === null) {
    return exitCode.failure;
  }
  const inventory = new Inventory({
    dataDir: resolveDataDir(values['data-dir']),
    repositories: policy.repositories,
    logger: createStderrLogger('warn'),
  });
  try {
    return subcommand === 'scan'
      ? await scan(inventory, values.json, output)
      : await lookup(inventory, files, values.json, output);
  } finally {
    await inventory.dispose();
  }
}

async function scan(inventory: Inventory, json: boolean, output: Output): Promise<number> {
  // Progress on standard error, results on standard output
  inventory.onDidProgress((progress) => {
    output.error(describeProgress(progress));
  });
  await inventory.rescan();

  const repositories = inventory.repositories();
  for (const repository of repositories) {
    output.out(
      json
        ? JSON.stringify(repository)
        : `${repository.path}: ${repository.state}, files inventoried: ${repository.fileCount}`,
    );
  }
  if (!json && repositories.length === 0) {
    output.out('The policy names no repositories.');
  }
  return exitCode.ok;
}

async function lookup(
  inventory: Inventory,
  files: string[],
  json: boolean,
  output: Output,
): Promise<number> {
  let code: number = exitCode.ok;
  for (const file of files) {
    const result = await inventory.lookup(file);
    if (!result.ok) {
      code = exitCode.usage;
      output.error(`${file}: ${result.message}`);
      continue;
    }
    output.out(
      json
        ? JSON.stringify({ path: file, matches: result.matches })
        : describe(file, result.matches),
    );
  }
  return code;
}

async function readPolicy(file: string | undefined, output: Output): Promise<Policy | null> {
  if (file === undefined) {
    return embeddedPolicy();
  }
  const result = await loadPolicyFile(file);
  if (!result.ok) {
    output.error(`${file} is not a valid policy:\n${formatPolicyErrors(result.errors)}`);
    return null;
  }
  return result.policy;
}

function describe(file: string, matches: RepositoryMatch[]): string {
  if (matches.length === 0) {
    return `${file}: no copy of an inventoried repository file`;
  }
  const originals = matches.map((match) => {
    const name = match.repositoryName === null ? '' : ` (${match.repositoryName})`;
    return `${match.originalPath}${name}`;
  });
  return `${file}: COPY of ${originals.join(', ')}`;
}

function describeProgress(progress: ScanProgress): string {
  const mib = (progress.bytesRead / 1024 ** 2).toFixed(1);
  return `${progress.repositoryPath}: ${progress.phase}, ${progress.filesDone}/${progress.filesTotal} files, ${mib} MiB read`;
}
