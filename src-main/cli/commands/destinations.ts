import { homedir } from 'node:os';
import { parseArgs } from 'node:util';

import { createStderrLogger } from '../../engine/base/logger.ts';
import type { Destination } from '../../engine/destinations/destination.ts';
import { createDestinationSources } from '../../engine/destinations/create-destination-sources.ts';
import { describeDeviceIdentity } from '../../engine/destinations/identity/describe-device.ts';
import { destinationApproval, type Approval } from '../../engine/policy/destination-approval.ts';
import { embeddedPolicy } from '../../engine/policy/default-policy.ts';
import { formatPolicyErrors, loadPolicyFile } from '../../engine/policy/load-policy.ts';
import type { Output } from '../output.ts';
import { exitCode } from '../output.ts';

export const destinationsUsage = 'copywarden destinations [--json] [--policy FILE]';

/** Lists the removable volumes and sync folders the engine would watch under the policy, and why. */
export async function runDestinations(args: string[], output: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, policy: { type: 'string' } },
  });

  // The policy decides which kinds of destination are watched
  let policy = embeddedPolicy();
  if (values.policy !== undefined) {
    const result = await loadPolicyFile(values.policy);
    if (!result.ok) {
      output.error(`${values.policy} is not a valid policy:\n${formatPolicyErrors(result.errors)}`);
      return exitCode.failure;
    }
    policy = result.policy;
  }

  // List every source once
  const sources = createDestinationSources(policy, {
    logger: createStderrLogger('warn'),
    home: process.env['HOME'] ?? homedir(),
    env: process.env,
  });
  const destinations: Destination[] = [];
  try {
    for (const source of sources) {
      destinations.push(...(await source.list()));
    }
  } finally {
    for (const source of sources) {
      await source.dispose();
    }
  }

  // Each destination with its approval under the policy
  for (const destination of destinations) {
    const approval = destinationApproval(policy, destination);
    const json = {
      ...destination,
      approval: { approved: approval !== null, by: approval?.by ?? null },
    };
    output.out(values.json ? JSON.stringify(json) : describe(destination, approval));
  }
  if (!values.json && destinations.length === 0) {
    output.out('No destinations: no removable volume is mounted and no sync folder was found.');
  }
  return exitCode.ok;
}

const kindNames: Record<Destination['kind'], string> = {
  'removable-volume': 'volume',
  'cloud-sync': 'sync folder',
  'network-share': 'network share',
  'local-folder': 'local folder',
};

function describe(destination: Destination, approval: Approval | null): string {
  const kind = kindNames[destination.kind];
  const lines = [`${kind}  ${destination.label}  ${destination.path}`];
  if (destination.device !== null) {
    lines.push(`    device: ${describeDeviceIdentity(destination.device)}`);
  }
  lines.push(
    `    approval: ${approval === null ? 'not approved (backups written here are acted on)' : `approved by ${approval.by}`}`,
  );
  lines.push(`    found by: ${destination.evidence.join('; ')}`);
  return lines.join('\n');
}
