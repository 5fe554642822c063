import { parseArgs } from 'node:util';

import { embeddedPolicy } from '../../engine/policy/default-policy.ts';
import { policyJsonSchema } from '../../engine/policy/policy-json-schema.ts';
import { formatPolicyErrors, loadPolicyFile } from '../../engine/policy/load-policy.ts';
import type { Output } from '../output.ts';
import { exitCode, UsageError } from '../output.ts';

export const policyUsage =
  'copywarden policy check FILE | policy show [--policy FILE] | policy schema';

/**
 * `policy check FILE` validates a file; `policy show` prints a policy with its defaults filled
 * in; `policy schema` prints the JSON Schema of the policy format.
 */
export async function runPolicy(args: string[], output: Output): Promise<number> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'check':
      return check(rest, output);
    case 'show':
      return show(rest, output);
    case 'schema':
      output.out(JSON.stringify(policyJsonSchema(), null, 2));
      return exitCode.ok;
    default:
      throw new UsageError(`unknown policy command "${subcommand ?? ''}"`);
  }
}

async function check(args: string[], output: Output): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    throw new UsageError('policy check takes exactly one file');
  }

  const result = await loadPolicyFile(file);
  if (!result.ok) {
    output.error(`${file} is not a valid policy:\n${formatPolicyErrors(result.errors)}`);
    return exitCode.failure;
  }
  output.out(`${file} is a valid policy.`);
  return exitCode.ok;
}

async function show(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { policy: { type: 'string' } } });
  if (values.policy === undefined) {
    output.out(JSON.stringify(embeddedPolicy(), null, 2));
    return exitCode.ok;
  }

  const result = await loadPolicyFile(values.policy);
  if (!result.ok) {
    output.error(`${values.policy} is not a valid policy:\n${formatPolicyErrors(result.errors)}`);
    return exitCode.failure;
  }
  output.out(JSON.stringify(result.policy, null, 2));
  return exitCode.ok;
}
